"""Runs moto_server with one fix to how it checks S3 signatures.

moto 5.2 rebuilds the request URL with werkzeug before it recomputes a SigV4
signature, and werkzeug re-quotes the path leaving "=", "+", ":", "@", ","
and other sub-delimiters unescaped. AWS signs the path exactly as the client
URI-encoded it (every byte but A-Z a-z 0-9 - . _ ~ escaped, "=" as %3D), so
moto refuses every correctly signed request for a key such as
"orders/source=webshop/dt=2024-01-01/part-0.jsonl.gz" with
SignatureDoesNotMatch -- boto3's requests included.

The fix below hands moto's signature check the request target exactly as it
arrived on the wire (werkzeug's RAW_URI), which is what AWS signs. Nothing
else changes: the signature is still recomputed from the user's secret and
compared, and every action is still checked against the user's IAM policy.
Arguments are moto_server's own.
"""
import sys

from moto.core.authorization import ActionAuthenticatorMixin

_original = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _with_raw_uri(self, iam_request_cls, resource="*"):
    request = getattr(self, "request", None)
    environ = getattr(request, "environ", None) or {}
    raw = environ.get("RAW_URI")
    if not raw:
        return _original(self, iam_request_cls, resource)
    saved = self.uri
    self.uri = "http://raw" + (raw if raw.startswith("/") else "/" + raw)
    try:
        return _original(self, iam_request_cls, resource)
    finally:
        self.uri = saved


ActionAuthenticatorMixin._authenticate_and_authorize_action = _with_raw_uri

if __name__ == "__main__":
    from moto.server import main
    sys.exit(main(sys.argv[1:]))
