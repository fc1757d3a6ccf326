"""botocore's SigV4 signature of a request read as JSON from stdin (method, url, body, headers, key,
secret, token, region), beside the one the request carries. Prints one JSON object.
"""

import json
import sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

request = json.load(sys.stdin)
headers = {k: v for k, v in request["headers"] if k.lower() != "authorization"}
authorization = dict(request["headers"])["Authorization"]
signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
headers = {k: v for k, v in headers.items() if k.lower() in signed}
aws = AWSRequest(method=request["method"], url=request["url"], data=bytes(request["body"]), headers=headers)
aws.context["timestamp"] = headers["X-Amz-Date"]
auth = SigV4Auth(Credentials(request["key"], request["secret"], request.get("token")), "drs", request["region"])
canonical = auth.canonical_request(aws)
signature = auth.signature(auth.string_to_sign(aws, canonical), aws)
print(
    json.dumps(
        {
            "botocore": signature,
            "ours": authorization.split("Signature=")[1],
            "signedHeaders": auth.signed_headers(auth.headers_to_sign(aws)),
            "oursSigned": ";".join(signed),
        }
    )
)
