"""moto_server as tests/e2e/s3/moto_launcher.py runs it, plus one fix for
roles that CloudFormation creates.

moto 5.2 stores the inline policies of an AWS::IAM::Role (its `Policies`
property) as the Python dict CloudFormation parsed, where IAM's own
PutRolePolicy stores the JSON text. GetRolePolicy then returns the dict's
Python repr, and moto's policy evaluation, which json-parses every policy of
an assumed role, fails with a 500 on any request signed by that role. AWS
keeps the document as JSON, so the fix serializes the dict as JSON when it is
stored; the document's content is unchanged and still evaluated by moto.
Arguments are moto_server's own.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "s3"))
import moto_launcher  # noqa: E402,F401  (applies the signature fix)
from moto.iam.models import Role  # noqa: E402

_original_put_policy = Role.put_policy


def _put_policy_as_json(self, policy_name, policy_json):
    if not isinstance(policy_json, str):
        policy_json = json.dumps(policy_json)
    return _original_put_policy(self, policy_name, policy_json)


Role.put_policy = _put_policy_as_json

if __name__ == "__main__":
    from moto.server import main
    sys.exit(main(sys.argv[1:]))
