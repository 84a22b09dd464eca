"""Assertions over rendered templates for what cfn-lint does not judge.

Usage: check_templates.py BUILTIN_DIR CHANGED_DIR
  BUILTIN_DIR  templates of the built-in project (project/ecomdw.toml)
  CHANGED_DIR  templates of the copy deploy_render_test.sh edited: 64 RPU,
               workgroup team-wg, region eu-west-1, bucket team-raw-zone

The expected values are read from the configs with Python's own TOML parser
(tomllib) or stated here, never taken from the renderer.
"""
import json
import os
import sys
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DIRS = {}

IAM_TYPES_ALLOWED = {"AWS::IAM::Role"}  # no users, groups, managed or standalone policies


def load(kind, name):
    with open(os.path.join(DIRS[kind], name)) as f:
        return json.load(f)


def builtin_config():
    with open(os.path.join(REPO, "project", "ecomdw.toml"), "rb") as f:
        return tomllib.load(f)


def resolve(value, bucket):
    """The ARN a policy Resource names, for the two forms the stack may use."""
    arn = f"arn:aws:s3:::{bucket}"
    if value == {"Fn::GetAtt": ["RawBucket", "Arn"]}:
        return arn
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        return value["Fn::Sub"].replace("${RawBucket.Arn}", arn)
    if isinstance(value, str):
        return value
    raise AssertionError(f"policy resource in a form this check does not resolve: {value!r}")


def listify(x):
    return x if isinstance(x, list) else [x]


class Checks:
    """Shared assertions; subclasses name the directory and the expected values."""
    kind = None

    def expected(self):
        raise NotImplementedError

    def setUp(self):
        self.storage = load(self.kind, "storage.json")
        self.warehouse = load(self.kind, "warehouse.json")
        self.want = self.expected()

    def test_capacity_and_names_from_config(self):
        wg = self.warehouse["Resources"]["Workgroup"]
        self.assertEqual(wg["Type"], "AWS::RedshiftServerless::Workgroup")
        p = wg["Properties"]
        self.assertEqual(p["BaseCapacity"], self.want["rpu"])
        self.assertIsInstance(p["BaseCapacity"], int)
        self.assertEqual(p["WorkgroupName"], self.want["workgroup"])
        self.assertEqual(p["NamespaceName"], self.want["namespace"])
        ns = self.warehouse["Resources"]["Namespace"]["Properties"]
        self.assertEqual(ns["NamespaceName"], self.want["namespace"])
        self.assertEqual(ns["DbName"], self.want["dbname"])
        self.assertEqual(self.storage["Resources"]["RawBucket"]["Properties"]["BucketName"], self.want["bucket"])
        qt = {c["ParameterKey"]: c["ParameterValue"] for c in p["ConfigParameters"]}
        self.assertEqual(qt["max_query_execution_time"], str(self.want["max_query_s"]))

    def test_region_is_enforced(self):
        for t in (self.storage, self.warehouse):
            assertion = t["Rules"]["ConfiguredRegion"]["Assertions"][0]["Assert"]
            self.assertEqual(assertion, {"Fn::Equals": [{"Ref": "AWS::Region"}, self.want["region"]]})

    def test_enhanced_vpc_routing_private_default_network(self):
        p = self.warehouse["Resources"]["Workgroup"]["Properties"]
        self.assertIs(p["EnhancedVpcRouting"], True)
        self.assertIs(p["PubliclyAccessible"], False)
        # Default VPC unless subnets / security groups are given.
        self.assertEqual(self.warehouse["Parameters"]["SubnetIds"]["Default"], "")
        self.assertEqual(p["SubnetIds"], {"Fn::If": ["DefaultSubnets", {"Ref": "AWS::NoValue"}, {"Ref": "SubnetIds"}]})
        self.assertEqual(p["SecurityGroupIds"]["Fn::If"][1], {"Ref": "AWS::NoValue"})
        # Max capacity and the usage alarm are parameters.
        self.assertEqual(p["MaxCapacity"], {"Fn::If": ["CapMaxCapacity", {"Ref": "MaxCapacity"}, {"Ref": "AWS::NoValue"}]})
        daily = self.warehouse["Resources"]["DailyUsageAlarm"]["Properties"]
        self.assertEqual(daily["Threshold"], {"Ref": "DailyUsageAlarmRpuHours"})

    def test_bucket_is_private_encrypted_versioned_with_lifecycle(self):
        b = self.storage["Resources"]["RawBucket"]
        p = b["Properties"]
        self.assertEqual(p["PublicAccessBlockConfiguration"],
                         {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                          "IgnorePublicAcls": True, "RestrictPublicBuckets": True})
        self.assertEqual(p["VersioningConfiguration"], {"Status": "Enabled"})
        sse = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        self.assertEqual([r["ServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in sse], ["AES256"])
        rules = p["LifecycleConfiguration"]["Rules"]
        self.assertTrue(all(r["Status"] == "Enabled" for r in rules))
        self.assertTrue(any(r.get("Transitions") for r in rules))
        self.assertTrue(any(r.get("NoncurrentVersionExpiration") for r in rules))
        self.assertEqual(b["DeletionPolicy"], "Retain")
        # The bucket policy only denies (plain HTTP); it grants nobody anything.
        policy = self.storage["Resources"]["RawBucketPolicy"]["Properties"]["PolicyDocument"]
        self.assertEqual({s["Effect"] for s in policy["Statement"]}, {"Deny"})

    def test_role_reads_exactly_the_raw_bucket(self):
        iam = {n: r for t in (self.storage, self.warehouse) for n, r in t["Resources"].items()
               if r["Type"].startswith("AWS::IAM::")}
        self.assertEqual({r["Type"] for r in iam.values()}, IAM_TYPES_ALLOWED)
        self.assertEqual(list(iam), ["RedshiftRole"])
        role = iam["RedshiftRole"]["Properties"]
        self.assertEqual(role["RoleName"], self.want["role"])
        self.assertNotIn("ManagedPolicyArns", role)
        self.assertNotIn("PermissionsBoundary", role)
        trust = role["AssumeRolePolicyDocument"]["Statement"]
        self.assertEqual(len(trust), 1)
        self.assertEqual(trust[0]["Effect"], "Allow")
        self.assertEqual(listify(trust[0]["Action"]), ["sts:AssumeRole"])
        self.assertEqual(set(trust[0]["Principal"]), {"Service"})
        self.assertEqual(set(listify(trust[0]["Principal"]["Service"])),
                         {"redshift.amazonaws.com", "redshift-serverless.amazonaws.com"})
        grants = set()
        for policy in role["Policies"]:
            for s in policy["PolicyDocument"]["Statement"]:
                self.assertEqual(s["Effect"], "Allow")
                self.assertNotIn("NotAction", s)
                self.assertNotIn("NotResource", s)
                for action in listify(s["Action"]):
                    for resource in listify(s["Resource"]):
                        grants.add((action, resolve(resource, self.want["bucket"])))
        arn = f"arn:aws:s3:::{self.want['bucket']}"
        self.assertEqual(grants, {("s3:ListBucket", arn), ("s3:GetObject", arn + "/*")})

    def test_outputs_the_redshift_target_reads(self):
        out = self.warehouse["Outputs"]
        self.assertEqual(out["Endpoint"]["Value"], {"Fn::GetAtt": ["Workgroup", "Workgroup.Endpoint.Address"]})
        self.assertEqual(out["Database"]["Value"], self.want["dbname"])
        self.assertEqual(out["Port"]["Value"], str(self.want["port"]))
        self.assertEqual(out["RoleArn"]["Value"], {"Fn::GetAtt": ["Namespace", "Namespace.DefaultIamRoleArn"]})
        exports = {o["Export"]["Name"]["Fn::Sub"] for o in self.storage["Outputs"].values() if "Export" in o}
        self.assertIn("${AWS::StackName}-RedshiftRoleArn", exports)
        ns = self.warehouse["Resources"]["Namespace"]["Properties"]
        self.assertEqual(ns["DefaultIamRoleArn"],
                         {"Fn::ImportValue": {"Fn::Sub": "${StorageStackName}-RedshiftRoleArn"}})
        self.assertIs(ns["ManageAdminPassword"], True)
        self.assertNotIn("AdminUserPassword", ns)  # no secret in the template

    def test_alarms(self):
        alarms = {n: r["Properties"] for n, r in self.warehouse["Resources"].items()
                  if r["Type"] == "AWS::CloudWatch::Alarm"}
        self.assertEqual(set(alarms), {"RpuUsageAlarm", "DailyUsageAlarm", "FailedBuildAlarm"})
        rpu = alarms["RpuUsageAlarm"]
        self.assertEqual((rpu["Namespace"], rpu["MetricName"]), ("AWS/Redshift-Serverless", "ComputeCapacity"))
        self.assertEqual(rpu["Dimensions"], [{"Name": "Workgroup", "Value": self.want["workgroup"]}])
        failed = alarms["FailedBuildAlarm"]
        self.assertEqual((failed["Namespace"], failed["MetricName"]), ("ecomdw", "BuildFailed"))
        self.assertEqual(failed["Dimensions"], [{"Name": "Project", "Value": "ecommerce"}])
        for a in alarms.values():
            self.assertEqual(a["AlarmActions"], [{"Ref": "AlarmTopic"}])


class Builtin(Checks, unittest.TestCase):
    kind = "builtin"

    def expected(self):
        c = builtin_config()
        wg, rs = c["workgroup"], c["targets"]["redshift"]
        return {"rpu": wg["base_capacity_rpu"], "workgroup": wg["name"], "namespace": wg["namespace"],
                "region": wg["region"], "max_query_s": wg["max_query_execution_time"],
                "bucket": c["bucket"]["deploy_bucket"], "dbname": rs["dbname"], "port": rs["port"],
                "role": rs["iam_role_arn"].rsplit("/", 1)[1]}

    def test_builtin_is_the_design(self):
        # The original design's numbers, stated independently of any config.
        p = self.warehouse["Resources"]["Workgroup"]["Properties"]
        self.assertEqual(p["BaseCapacity"], 128)
        self.assertEqual(p["WorkgroupName"], "ecommerce-data-warehouse-workgroup")
        self.assertEqual(self.storage["Resources"]["RawBucket"]["Properties"]["BucketName"], "ecommerce-raw-data")
        self.assertEqual(self.storage["Rules"]["ConfiguredAccount"]["Assertions"][0]["Assert"],
                         {"Fn::Equals": [{"Ref": "AWS::AccountId"}, "123456789012"]})


class Changed(Checks, unittest.TestCase):
    kind = "changed"

    def expected(self):
        return {"rpu": 64, "workgroup": "team-wg", "namespace": "ecommerce-data-warehouse", "region": "eu-west-1",
                "max_query_s": 3600, "bucket": "team-raw-zone", "dbname": "dev", "port": 5439,
                "role": "ecomdw-redshift-copy"}


if __name__ == "__main__":
    DIRS["builtin"], DIRS["changed"] = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=1)
