#!/usr/bin/env python3
"""A tiny Lambda custom runtime for the drs-local end-to-end tests (FakeRuntime.swift says what it
does with each event); installed as a function's bootstrap."""

import json
import os
import sys
import time
import urllib.request
import urllib.error

api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"


def post(path, body, headers=None):
    request = urllib.request.Request(api + path, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


if os.environ.get("FAKE_INIT_ERROR"):
    post(
        "/init/error",
        json.dumps({"errorMessage": "init failed", "errorType": "Runtime.FakeInit"}).encode(),
        {"Lambda-Runtime-Function-Error-Type": "Runtime.FakeInit"},
    )
    sys.exit(1)

print("fake runtime started", flush=True)
while True:
    with urllib.request.urlopen(api + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        headers = {k: v for k, v in response.headers.items() if k.lower().startswith("lambda-runtime")}
        event = json.loads(response.read() or b"null")
    print("handling " + request_id, flush=True)
    action = event.get("action") if isinstance(event, dict) else None
    if action == "exit":
        os._exit(event.get("code", 1))
    elif action == "sleep":
        time.sleep(event.get("seconds", 10))
        body = {"slept": True, "pid": os.getpid()}
    elif action == "error":
        post(
            "/invocation/%s/error" % request_id,
            json.dumps({"errorMessage": "boom", "errorType": "FakeError", "stackTrace": []}).encode(),
            {"Lambda-Runtime-Function-Error-Type": "FakeError"},
        )
        continue
    elif action == "big":
        status = post("/invocation/%s/response" % request_id, b"x" * (7 * 1024 * 1024))
        print("big response status %d" % status, flush=True)
        continue
    elif action == "env":
        body = dict(os.environ)
    elif isinstance(event, dict) and "httpMethod" in event:
        if event.get("path", "").endswith("/bad-envelope"):
            body = {"hello": "not an envelope"}
        elif event.get("path", "").endswith("/binary"):
            body = {
                "statusCode": 201,
                "headers": {"Content-Type": "application/octet-stream"},
                "body": "AAEC/w==",
                "isBase64Encoded": True,
            }
        else:
            body = {
                "statusCode": 200,
                "headers": {"Content-Type": "application/json", "X-Fake": "yes"},
                "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
                "body": json.dumps({"event": event}),
            }
    else:
        body = {"event": event, "headers": headers, "pid": os.getpid()}
    post("/invocation/%s/response" % request_id, json.dumps(body).encode())
