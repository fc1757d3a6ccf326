"""Every sample event in events/ (what `make invoke EVENT=...` sends) reaches an existing route.

Each answers an envelope whose `body` is JSON, with statusCode < 500 and an error, if any, other than
NOT_FOUND / METHOD_NOT_ALLOWED (placeholder ids may well give a resource's own 404). What a sample
creates is deleted again so the shared stack keeps no name, tag set or server claimed by it.
"""
import glob
import json
import os

import pytest

from conftest import ROOT

EVENTS = sorted(glob.glob(os.path.join(ROOT, "events", "*.json")))
EXPECTED = {"health", "list-protection-groups", "get-protection-group", "create-protection-group",
            "update-protection-group", "delete-protection-group", "resolve-protection-group",
            "preview-protection-group-tags", "list-recovery-plans", "get-recovery-plan", "create-recovery-plan",
            "update-recovery-plan", "delete-recovery-plan", "list-drs-source-servers", "get-drs-quotas"}


def test_one_sample_per_route():
    assert EXPECTED <= {os.path.basename(path)[:-len(".json")] for path in EVENTS}


@pytest.mark.parametrize("path", EVENTS, ids=lambda p: os.path.basename(p))
def test_sample_event(stack, path):
    with open(path) as f:
        text = f.read()
    event = json.loads(text)
    # The guide's "Lambda Event Format": these five members, body a JSON string or null.
    assert set(event) == {"httpMethod", "path", "headers", "queryStringParameters", "body"}
    assert event["body"] is None or isinstance(json.loads(event["body"]), dict)

    status, headers, payload = stack.invoke(text.encode())
    assert status == 200 and "X-Amz-Function-Error" not in headers, payload
    envelope = json.loads(payload)
    body = json.loads(envelope["body"])
    try:
        assert envelope["statusCode"] < 500, envelope
        assert isinstance(body, dict), body
        assert body.get("error") not in ("NOT_FOUND", "METHOD_NOT_ALLOWED"), body
        # Direct invocation: the body's top-level members are mirrored beside the envelope.
        for key, value in body.items():
            if key not in ("statusCode", "headers", "body", "isBase64Encoded"):
                assert envelope.get(key) == value, key
    finally:
        if envelope.get("statusCode") == 201 and isinstance(body, dict) and body.get("id"):
            stack.invoke({"httpMethod": "DELETE", "path": "%s/%s" % (event["path"], body["id"])})
