"""storage.json deployed into moto_server's CloudFormation, IAM enforced.

Usage: moto_deploy.py PATH_TO_ECOMDW

Which part is proven where:
  here (moto)       the storage template parses and its stack reaches
                    CREATE_COMPLETE; the bucket exists with the template's
                    encryption; the role exists with the template's trust and
                    inline policy, named as the config's redshift target says
                    (iam_role_arn); that policy document, as IAM returns it for
                    the created role, held by a stand-in user (only Redshift
                    may assume the role) and checked by moto's IAM enforcement
                    (SigV4 + policy evaluation), can list and read the raw
                    bucket and cannot write or delete in it, read another
                    bucket or call IAM.
  not here          moto's CloudFormation skips types it does not emulate
                    (AWS::S3::BucketPolicy here; all of AWS::RedshiftServerless::*,
                    so warehouse.json is not deployed) and applies only a
                    bucket's encryption and tags, not its versioning, public
                    access block or lifecycle (test_2 checks what moto did).
                    Those are proven against AWS's schemas by cfn-lint and by
                    the template assertions of deploy_render_test.sh, and on
                    AWS only (docs/deploy.md).
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
S3_DIR = os.path.join(os.path.dirname(HERE), "s3")
sys.path.insert(0, S3_DIR)
from moto_harness import free_port, wait_for_port  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
REGION = "us-east-1"
STACK = "ecommerce-data-warehouse-storage"
ADMIN_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
# Requests moto lets in before enforcing SigV4 and IAM: CreateUser,
# CreateAccessKey, CreatePolicy, AttachUserPolicy for the admin below.
NO_AUTH_CALLS = 4
ECOMDW = None
MOTO = {}
RESULT = None  # the running unittest result, to show moto's log on failure


def builtin_config():
    with open(os.path.join(REPO, "project", "ecomdw.toml"), "rb") as f:
        return tomllib.load(f)


def start_moto():
    port = free_port()
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(NO_AUTH_CALLS))
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.pop(k, None)
    log = tempfile.NamedTemporaryFile(prefix="moto-deploy-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_cfn_launcher.py"), "-H", "127.0.0.1",
                             "-p", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    MOTO.update(proc=proc, log=log, endpoint=f"http://127.0.0.1:{port}")
    wait_for_port(port, proc)


def stop_moto(show_log=False):
    proc = MOTO.get("proc")
    if proc is None:
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    MOTO["log"].close()
    if show_log:
        with open(MOTO["log"].name) as f:
            sys.stderr.write("moto_server's log (tail):\n" + f.read()[-1500:])
    os.unlink(MOTO["log"].name)


def client(service, creds):
    import boto3
    from botocore.config import Config
    key, secret, token = creds
    return boto3.client(service, endpoint_url=MOTO["endpoint"], region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def error_code(call):
    from botocore.exceptions import ClientError
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def setUpModule():
    global ADMIN, TEMPLATES
    TEMPLATES = tempfile.mkdtemp(prefix="ecomdw-deploy-")
    subprocess.run([ECOMDW, "--project", os.path.join(REPO, "project"), "deploy", "render", "--out", TEMPLATES],
                   check=True, capture_output=True)
    start_moto()
    bootstrap = client("iam", ("bootstrap", "bootstrap", None))
    bootstrap.create_user(UserName="deployer")
    key = bootstrap.create_access_key(UserName="deployer")["AccessKey"]
    arn = bootstrap.create_policy(PolicyName="deployer-admin", PolicyDocument=json.dumps(ADMIN_POLICY))["Policy"]["Arn"]
    bootstrap.attach_user_policy(UserName="deployer", PolicyArn=arn)
    ADMIN = (key["AccessKeyId"], key["SecretAccessKey"], None)


def tearDownModule():
    stop_moto(show_log=not RESULT.wasSuccessful() if RESULT else True)


class StorageStack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = builtin_config()
        cls.bucket = cls.config["bucket"]["deploy_bucket"]
        cfn = client("cloudformation", ADMIN)
        with open(os.path.join(TEMPLATES, "storage.json")) as f:
            cfn.create_stack(StackName=STACK, TemplateBody=f.read(), Capabilities=["CAPABILITY_NAMED_IAM"])
        deadline = time.monotonic() + 60
        while True:  # bounded poll of the stack's status
            stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
            if not stack["StackStatus"].endswith("_IN_PROGRESS") or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        cls.stack = stack
        cls.outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        cls.exports = {e["Name"]: e["Value"] for e in cfn.list_exports()["Exports"]}

    def test_1_stack_created(self):
        self.assertEqual(self.stack["StackStatus"], "CREATE_COMPLETE", self.stack.get("StackStatusReason"))
        self.assertEqual(self.outputs["RawBucketName"], self.bucket)
        # The role is exactly the one the config's redshift target names.
        self.assertEqual(self.outputs["RedshiftRoleArn"], self.config["targets"]["redshift"]["iam_role_arn"])
        self.assertEqual(self.exports[f"{STACK}-RedshiftRoleArn"], self.outputs["RedshiftRoleArn"])
        self.assertEqual(self.exports[f"{STACK}-RawBucketName"], self.bucket)

    def test_2_bucket_encrypted(self):
        s3 = client("s3", ADMIN)
        s3.head_bucket(Bucket=self.bucket)
        rules = s3.get_bucket_encryption(Bucket=self.bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        self.assertEqual([r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules], ["AES256"])
        # The public access block: moto 5.2's CloudFormation does not apply it.
        # Should a later moto apply it, it must be the template's (all on).
        try:
            pab = s3.get_public_access_block(Bucket=self.bucket)["PublicAccessBlockConfiguration"]
        except Exception as e:  # botocore ClientError
            self.assertEqual(getattr(e, "response", {}).get("Error", {}).get("Code"),
                             "NoSuchPublicAccessBlockConfiguration", e)
            print("  moto did not apply PublicAccessBlockConfiguration (proven by deploy_render_test.sh)",
                  file=sys.stderr)
        else:
            self.assertEqual(pab, {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                   "BlockPublicPolicy": True, "RestrictPublicBuckets": True})

    def test_3_role_as_templated(self):
        iam = client("iam", ADMIN)
        name = self.outputs["RedshiftRoleArn"].rsplit("/", 1)[1]
        role = iam.get_role(RoleName=name)["Role"]
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        services = trust["Statement"][0]["Principal"]["Service"]
        self.assertEqual(set(services), {"redshift.amazonaws.com", "redshift-serverless.amazonaws.com"})
        self.assertEqual(iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"], [])
        names = iam.list_role_policies(RoleName=name)["PolicyNames"]
        self.assertEqual(names, ["read-raw-bucket"])
        doc = iam.get_role_policy(RoleName=name, PolicyName=names[0])["PolicyDocument"]
        doc = json.loads(doc) if isinstance(doc, str) else doc  # boto3 decodes JSON documents itself
        grants = {(a, r) for s in doc["Statement"] for a in s["Action"] for r in
                  (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])}
        arn = f"arn:aws:s3:::{self.bucket}"
        self.assertEqual(grants, {("s3:ListBucket", arn), ("s3:GetObject", arn + "/*")})

    def test_4_role_reads_the_raw_bucket_only(self):
        s3_admin = client("s3", ADMIN)
        key = "orders/source=webshop/dt=2024-01-01/part-0.jsonl"
        body = b'{"order_id": "o-1"}\n'
        s3_admin.put_object(Bucket=self.bucket, Key=key, Body=body)
        s3_admin.create_bucket(Bucket="another-bucket")
        s3_admin.put_object(Bucket="another-bucket", Key="secret.csv", Body=b"x")

        # Only Redshift may assume the role (moto evaluates the trust policy
        # too), so a stand-in user holds the role's policy document exactly as
        # IAM returns it for the role the stack created.
        iam = client("iam", ADMIN)
        name = self.outputs["RedshiftRoleArn"].rsplit("/", 1)[1]
        document = iam.get_role_policy(RoleName=name, PolicyName="read-raw-bucket")["PolicyDocument"]
        document = document if isinstance(document, str) else json.dumps(document)
        iam.create_user(UserName="redshift-stand-in")
        iam.put_user_policy(UserName="redshift-stand-in", PolicyName="read-raw-bucket", PolicyDocument=document)
        k = iam.create_access_key(UserName="redshift-stand-in")["AccessKey"]
        role = (k["AccessKeyId"], k["SecretAccessKey"], None)
        s3 = client("s3", role)
        # Allowed: what COPY needs.
        self.assertEqual(s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), body)
        listed = [o["Key"] for o in s3.list_objects_v2(Bucket=self.bucket, Prefix="orders/").get("Contents", [])]
        self.assertEqual(listed, [key])
        # Refused: writing, deleting, another bucket, anything beyond S3 reads.
        denied = {
            "put raw": lambda: s3.put_object(Bucket=self.bucket, Key="orders/evil.jsonl", Body=b"x"),
            "delete raw": lambda: s3.delete_object(Bucket=self.bucket, Key=key),
            "read another bucket": lambda: s3.get_object(Bucket="another-bucket", Key="secret.csv"),
            "list another bucket": lambda: s3.list_objects_v2(Bucket="another-bucket"),
            "create a bucket": lambda: s3.create_bucket(Bucket="role-made-bucket"),
            "change the raw bucket's policy": lambda: s3.delete_bucket_encryption(Bucket=self.bucket),
            "IAM": lambda: client("iam", role).list_users(),
        }
        for what, call in denied.items():
            self.assertEqual(error_code(call), "AccessDenied", what)
        # The refused write changed nothing.
        names = [o["Key"] for o in s3_admin.list_objects_v2(Bucket=self.bucket).get("Contents", [])]
        self.assertEqual(names, [key])

    def test_5_enforcement_is_on(self):
        # Guards the test itself: unsigned or unknown credentials are refused,
        # so the AccessDenied above came from policy evaluation.
        bogus = client("s3", ("AKIAIOSFODNN7EXAMPLE", "wrong", None))
        self.assertIn(error_code(lambda: bogus.list_objects_v2(Bucket=self.bucket)),
                      {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"})


class _Result(unittest.TextTestResult):
    def startTestRun(self):
        global RESULT
        RESULT = self
        super().startTestRun()


if __name__ == "__main__":
    ECOMDW = os.path.abspath(sys.argv[1])
    unittest.main(argv=sys.argv[:1], verbosity=2,
                  testRunner=unittest.TextTestRunner(resultclass=_Result, verbosity=2))
