"""boto3 (botocore's serializers and SigV4) against the DRS simulator: paginators, a drill and its job,
the recovery instances and log, and two refusals. Prints one JSON report.

Run: python boto3_drs_client.py URL ACCESS_KEY_ID SECRET_ACCESS_KEY
"""

import json
import sys
import time
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url, key, secret = sys.argv[1:4]


def client(region="us-east-1", secret=secret):
    return boto3.client(
        "drs",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"mode": "standard"}),
    )


drs = client()
pages = list(drs.get_paginator("describe_source_servers").paginate(PaginationConfig={"PageSize": 4}))
servers = [s for page in pages for s in page["items"]]
ids = [s["sourceServerID"] for s in servers[:2]]
job = drs.start_recovery(sourceServers=[{"sourceServerID": i} for i in ids], isDrill=True)["job"]
deadline = time.time() + 20
while True:
    described = drs.describe_jobs(filters={"jobIDs": [job["jobID"]]})["items"][0]
    if described["status"] == "COMPLETED" or time.time() > deadline:
        break
    time.sleep(0.05)
jobs = [j for page in drs.get_paginator("describe_jobs").paginate() for j in page["items"]]
instances = drs.describe_recovery_instances(filters={"sourceServerIDs": ids})["items"]
log = drs.describe_job_log_items(jobID=job["jobID"])["items"]
errors = {}
for name, call in [
    ("uninitialized", lambda: client("eu-west-3").describe_source_servers()),
    ("wrongSecret", lambda: client(secret="wrong").describe_jobs()),
]:
    try:
        call()
        errors[name] = None
    except ClientError as error:
        errors[name] = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
print(
    json.dumps(
        {
            "pages": len(pages),
            "servers": len(servers),
            "hostnames": [s["sourceProperties"]["identificationHints"]["hostname"] for s in servers],
            "jobID": job["jobID"],
            "initialStatus": job["status"],
            "finalStatus": described["status"],
            "launchStatuses": [p["launchStatus"] for p in described["participatingServers"]],
            "jobs": len(jobs),
            "instances": sorted(i["sourceServerID"] for i in instances),
            "ids": sorted(ids),
            "drill": [i["isDrill"] for i in instances],
            "logEvents": [entry["event"] for entry in log],
            "errors": errors,
        }
    )
)
