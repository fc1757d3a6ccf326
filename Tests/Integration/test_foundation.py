"""Issue "Foundation": the real bootstrap under drs-local and under an independent Runtime API."""

import json
import os
import subprocess

import boto3
import pytest

from stack import BOOTSTRAP, FUNCTION, ROOT
from helpers_auth import bearer


def envelope_body(envelope):
    return json.loads(envelope["body"])


def test_aws_cli_invoke_health(stack, tmp_path):
    out = tmp_path / "out.json"
    # AWS CLI v1 takes the raw JSON payload as is (v2 would need --cli-binary-format raw-in-base64-out).
    result = stack.aws_cli_invoke('{"httpMethod":"GET","path":"/health"}', out)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["StatusCode"] == 200
    assert "FunctionError" not in json.loads(result.stdout)
    envelope = json.loads(out.read_text())
    assert envelope["statusCode"] == 200
    assert envelope_body(envelope)["status"] == "healthy"
    assert envelope["status"] == "healthy"  # the direct-invocation mirror


def test_boto3_invoke_health(stack):
    client = stack.lambda_client()
    response = client.invoke(
        FunctionName=FUNCTION,
        InvocationType="RequestResponse",
        Payload=json.dumps({"httpMethod": "GET", "path": "/health"}),
    )
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    result = json.loads(response["Payload"].read())
    assert result["statusCode"] == 200
    assert json.loads(result["body"]) == {"status": "healthy", "version": json.loads(result["body"])["version"]}


def test_boto3_reads_the_endpoint_from_the_environment(stack, monkeypatch):
    # The guide's Python client builds boto3.client('lambda', region_name=...) with no endpoint:
    # the SDK's AWS_ENDPOINT_URL_LAMBDA points it at the local stack unchanged.
    for key, value in stack.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", stack.invoke_url)
    client = boto3.client("lambda", region_name="us-east-1")
    response = client.invoke(FunctionName=FUNCTION, Payload=json.dumps({"httpMethod": "GET", "path": "/health"}))
    assert json.loads(response["Payload"].read())["statusCode"] == 200


def curl(stack, path, *args):
    """curl through the API Gateway emulator, signed in as the guide's examples are (an admin IdToken)."""
    result = subprocess.run(
        ["curl", "-sS", "-D", "-", "-H", "Authorization: " + bearer(stack.api_url), *args, stack.api_url + path],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    head, _, body = result.stdout.replace("\r\n", "\n").partition("\n\n")
    lines = head.split("\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


def test_curl_health_through_api_gateway(stack):
    status, headers, body = curl(stack, "/health")
    assert status == 200
    assert json.loads(body)["status"] == "healthy"
    assert headers["content-type"] == "application/json"
    assert headers["access-control-allow-origin"] == "*"
    assert headers["x-request-id"]


def test_curl_unknown_path_is_404_json(stack):
    status, _, body = curl(stack, "/no/such/thing")
    assert status == 404
    assert json.loads(body)["error"] == "NOT_FOUND"


def test_curl_wrong_method_is_405_with_allow(stack):
    status, headers, body = curl(stack, "/health", "-X", "DELETE")
    assert status == 405
    assert json.loads(body)["error"] == "METHOD_NOT_ALLOWED"
    assert headers["allow"] == "GET, OPTIONS"


def test_curl_options_answers_cors(stack):
    status, headers, body = curl(stack, "/health", "-X", "OPTIONS")
    assert status == 200
    assert headers["access-control-allow-methods"] == "GET,POST,PUT,DELETE,OPTIONS"


@pytest.mark.parametrize("payload", [b'"hello"', b"{}", b"[]", b'{"httpMethod":"GET"}', b'{"path":"/health"}'])
def test_malformed_events_get_a_400_envelope_and_the_runtime_keeps_serving(stack, payload):
    status, headers, body = stack.invoke(payload)
    assert status == 200
    assert "X-Amz-Function-Error" not in headers, body
    envelope = json.loads(body)
    assert envelope["statusCode"] == 400
    assert envelope_body(envelope)["error"] == "INVALID_REQUEST"
    status, headers, body = stack.invoke({"httpMethod": "GET", "path": "/health"})
    assert json.loads(body)["statusCode"] == 200
    assert "Runtime.ExitError" not in stack.log()


def test_bootstrap_under_an_independent_runtime_api(tmp_path):
    events = [
        {"httpMethod": "GET", "path": "/health"},
        {"httpMethod": "GET", "path": "/nope"},
        {"httpMethod": "POST", "path": "/health"},
        {"version": "2.0", "rawPath": "/health", "rawQueryString": "", "requestContext": {"http": {"method": "GET"}}},
        {"httpMethod": "GET", "path": "/health", "requestContext": {"stage": "dev"}, "body": "x" * 70000},
    ]
    (tmp_path / "events.json").write_text(json.dumps(events))
    result = subprocess.run(
        [
            "python3",
            os.path.join(ROOT, "Tests", "Integration", "runtime_api_emulator.py"),
            BOOTSTRAP,
            str(tmp_path / "events.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [r["response"]["statusCode"] for r in report["results"]] == [200, 404, 405, 200, 200]
    assert report["results"][2]["response"]["headers"]["Allow"] == "GET, OPTIONS"
    assert report["exitCode"] == 0  # the Runtime API's 500 ends the process promptly and cleanly
    assert report["connections"] == 1  # one keep-alive connection for everything


def test_local_stack_backs_the_functions_with_moto_and_the_drs_simulator(stack):
    log = stack.log()
    # The template's tables exist in moto, which verifies every signature; the DRS simulator runs.
    assert "verifying every signature" in log
    for table in ("protection-groups", "recovery-plans", "execution-history"):
        assert "drs-orchestration-%s-dev" % table in log
    assert "DRS simulator" in log
