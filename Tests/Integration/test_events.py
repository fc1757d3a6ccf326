"""Every sample event in events/ (what `make invoke EVENT=...` sends) reaches an existing route.

Each answers an envelope whose `body` is JSON, with statusCode < 500 and an error, if any, other than
NOT_FOUND / METHOD_NOT_ALLOWED (placeholder ids may well give a resource's own 404). What a sample
creates is deleted again so the shared stack keeps no name, tag set or server claimed by it.

`orchestration-tick.json` is the EventBridge "Scheduled Event" of the orchestration function
(`make invoke EVENT=events/orchestration-tick.json FUNCTION=drs-orchestration-orchestration-dev`):
it is sent there and answers the tick's report, not an envelope.
"""

import glob
import json
import os
import urllib.request

import pytest

from stack import ROOT

ORCHESTRATION_FUNCTION = "drs-orchestration-orchestration-dev"
TICK_EVENT = "orchestration-tick.json"

EVENTS = sorted(
    path for path in glob.glob(os.path.join(ROOT, "events", "*.json")) if os.path.basename(path) != TICK_EVENT
)
EXPECTED = {
    "health",
    "list-protection-groups",
    "get-protection-group",
    "create-protection-group",
    "update-protection-group",
    "delete-protection-group",
    "resolve-protection-group",
    "preview-protection-group-tags",
    "list-recovery-plans",
    "get-recovery-plan",
    "create-recovery-plan",
    "update-recovery-plan",
    "delete-recovery-plan",
    "list-drs-source-servers",
    "get-drs-quotas",
    "start-execution",
    "execute-recovery-plan",
    "list-executions",
    "get-execution",
    "pause-execution",
    "resume-execution",
    "cancel-execution",
    "terminate-execution-instances",
    "delete-execution",
}


def test_one_sample_per_route():
    assert EXPECTED <= {os.path.basename(path)[: -len(".json")] for path in EVENTS}
    assert os.path.exists(os.path.join(ROOT, "events", TICK_EVENT))


def test_orchestration_tick_event(stack):
    with open(os.path.join(ROOT, "events", TICK_EVENT)) as f:
        text = f.read()
    event = json.loads(text)
    # EventBridge's "Scheduled Event" shape, as a Schedule rule delivers it.
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert {"version", "id", "account", "time", "region", "resources", "detail"} <= set(event)
    request = urllib.request.Request(
        "%s/2015-03-31/functions/%s/invocations" % (stack.invoke_url, ORCHESTRATION_FUNCTION),
        data=text.encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        status, headers, payload = response.status, dict(response.headers), response.read()
    assert status == 200 and "X-Amz-Function-Error" not in headers, payload
    report = json.loads(payload)
    assert set(report) == {"examined", "advanced", "wavesStarted", "problems"}, report
    for key in ("examined", "advanced", "wavesStarted"):
        assert isinstance(report[key], int) and report[key] >= 0, report
    assert isinstance(report["problems"], list), report


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
