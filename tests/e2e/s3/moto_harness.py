"""Starts moto_server on loopback with real SigV4 and IAM enforcement.

moto's server mode lets the first INITIAL_NO_AUTH_ACTION_COUNT requests in
unauthenticated; the harness spends exactly those on creating IAM users,
their access keys and policies, so every request after that is signed and
checked against IAM the way AWS does it.

Used two ways:
  * as a module by the Python e2e tests (`with MotoS3() as moto: ...`);
  * as a process by C++ tests: `python3 moto_harness.py serve` prints one
    JSON line (endpoint, region, bucket, credentials) and keeps moto alive
    until its stdin is closed, then stops moto and exits.
"""
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

INSTALL_HINT = ("moto_server not found on PATH: install moto's server extra, "
                "e.g. `pip install 'moto[server]>=5' boto3 awscli`")

READ_WRITE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}],
}
READ_ONLY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow",
                   "Action": ["s3:GetObject", "s3:ListBucket", "s3:HeadObject",
                              "s3:GetBucketLocation"],
                   "Resource": "*"}],
}
# IAM calls made before authentication is enforced: per user CreateUser,
# CreateAccessKey, CreatePolicy, AttachUserPolicy.
USERS = ("ecomdw-rw", "ecomdw-ro")
NO_AUTH_CALLS = 4 * len(USERS)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=30.0):
    """Polls until something accepts on port, the process died, or timeout."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(delay)  # bounded poll, not a blind wait
            delay = min(delay * 2, 0.2)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


class MotoS3:
    """moto_server with two IAM users: read-write and read-only."""

    def __init__(self, bucket="ecommerce-raw-data", region="us-east-1"):
        self.bucket = bucket
        self.region = region
        self.proc = None
        self.users = {}

    def __enter__(self):
        if shutil.which("moto_server") is None:
            raise RuntimeError(INSTALL_HINT)
        try:
            import moto.server  # noqa: F401  (the launcher imports it too)
            import boto3  # noqa: F401
        except ImportError as e:
            raise RuntimeError(f"{INSTALL_HINT} ({e})") from e
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(NO_AUTH_CALLS))
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            env.pop(k, None)
        self.log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)
        launcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto_launcher.py")
        self.proc = subprocess.Popen([sys.executable, launcher, "-H", "127.0.0.1", "-p", str(self.port)],
                                     env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        try:
            wait_for_port(self.port, self.proc)
            self._create_users()
            self.client("ecomdw-rw").create_bucket(Bucket=self.bucket)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _create_users(self):
        import boto3
        iam = boto3.client("iam", endpoint_url=self.endpoint, region_name=self.region,
                           aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        for user, policy in zip(USERS, (READ_WRITE_POLICY, READ_ONLY_POLICY)):
            iam.create_user(UserName=user)
            key = iam.create_access_key(UserName=user)["AccessKey"]
            arn = iam.create_policy(PolicyName=user + "-policy",
                                    PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
            iam.attach_user_policy(UserName=user, PolicyArn=arn)
            self.users[user] = (key["AccessKeyId"], key["SecretAccessKey"])

    def client(self, user="ecomdw-rw", endpoint=None):
        import boto3
        from botocore.config import Config
        key_id, secret = self.users[user]
        return boto3.client("s3", endpoint_url=endpoint or self.endpoint, region_name=self.region,
                            aws_access_key_id=key_id, aws_secret_access_key=secret,
                            config=Config(s3={"addressing_style": "path"},
                                          retries={"max_attempts": 1}))

    def env(self, user="ecomdw-rw", endpoint=None):
        """Environment for ecomdw (or awscli) acting as `user`."""
        key_id, secret = self.users[user]
        env = dict(os.environ)
        for k in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL"):
            env.pop(k, None)
        env.update(AWS_ACCESS_KEY_ID=key_id, AWS_SECRET_ACCESS_KEY=secret,
                   AWS_ENDPOINT_URL_S3=endpoint or self.endpoint, AWS_REGION=self.region)
        return env

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None:
            self.log.close()
            os.unlink(self.log.name)
        self.proc = None
        return False


def serve():
    with MotoS3() as moto:
        rw, ro = moto.users["ecomdw-rw"], moto.users["ecomdw-ro"]
        print(json.dumps({"endpoint": moto.endpoint, "region": moto.region, "bucket": moto.bucket,
                          "rw_key": rw[0], "rw_secret": rw[1], "ro_key": ro[0], "ro_secret": ro[1]}),
              flush=True)
        sys.stdin.read()  # until the parent closes our stdin (or dies)


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "serve":
        try:
            serve()
        except RuntimeError as e:
            print(json.dumps({"error": str(e)}), flush=True)
            sys.exit(1)
    else:
        print(__doc__)
        sys.exit(2)
