"""The integration guide's client examples, run as written against the local stack.

Only what cannot work locally is replaced: the endpoints (the local API Gateway / Invoke API, and moto's
Cognito, whose real tokens the local API Gateway verifies), and for the AWS CLI v1 of this venv the
v2-only `--cli-binary-format raw-in-base64-out` flag (v1 takes raw JSON payloads as they are).

Servers this module claims explicitly: erp-app-01 (us-east-1). Tag set: LegacyERP databases.
"""

import json
import subprocess

import boto3
import pytest

from stack import FUNCTION
from guide_client import API_CALL
from helpers_auth import guide_python_client
from helpers_resources import Api, Tracker, explicit_group, matching_ids, plan_body, server_id, tag_group, uid, wave

GUIDE_PLAN = "2-Tier Recovery"
ERP_APP = server_id("erp-app-01")
ERP_DB_TAGS = {"Purpose": "DatabaseServers", "Application": "LegacyERP"}


class Guide:
    pass


@pytest.fixture(scope="module")
def guide(stack):
    """Groups and plans the examples look up; the guide's "2-Tier Recovery" plan is created unless an
    earlier test of the session left one (then that one is used and left alone)."""
    api = Api(stack, "invoke")
    tracker = Tracker(api)
    data = Guide()
    sfx = uid()
    try:
        data.web = tracker.group(explicit_group("Guide web %s" % sfx, [ERP_APP]))
        data.db = tracker.group(tag_group("Guide db %s" % sfx, ERP_DB_TAGS))
        created = tracker.try_plan(
            plan_body(GUIDE_PLAN, [wave("Database", data.db["id"]), wave("Web", data.web["id"], pause=True)])
        )
        if created.status == 201:
            data.two_tier = created.body
        else:
            assert created.status == 409 and created.error == "RP_NAME_EXISTS", created
            found = api.get("/recovery-plans", {"nameExact": GUIDE_PLAN})
            assert found.status == 200 and found.body["plans"], found
            data.two_tier = found.body["plans"][0]
        data.db_plan = tracker.plan(plan_body("Guide db only %s" % sfx, [wave("DB", data.db["id"])]))
        data.web_plan = tracker.plan(plan_body("Guide web only %s" % sfx, [wave("Web", data.web["id"])]))
        data.sfx = sfx
        yield data
    finally:
        tracker.cleanup()


def json_stream(text):
    """The values of jq's output stream."""
    decoder, values, index = json.JSONDecoder(), [], 0
    text = text.strip()
    while index < len(text):
        value, index = decoder.raw_decode(text, index)
        values.append(value)
        while index < len(text) and text[index].isspace():
            index += 1
    return values


# ---------------------------------------------------------------------------------------------
# CLI Integration: api_call + curl + jq on the API Gateway emulator


def bash(stack, script, **env):
    environment = dict(stack.env(), API_ENDPOINT=stack.api_url, **env)
    result = subprocess.run(
        ["bash", "-c", API_CALL + script], capture_output=True, text=True, timeout=120, env=environment
    )
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    return result.stdout


def test_cli_list_all_plans(stack, guide):
    out = json_stream(bash(stack, """api_call GET "/recovery-plans" | jq '.plans[] | {id, name, waveCount}' """))
    by_id = {plan["id"]: plan for plan in out}
    assert all(set(plan) == {"id", "name", "waveCount"} for plan in out)
    assert by_id[guide.two_tier["id"]]["name"] == GUIDE_PLAN
    assert by_id[guide.db_plan["id"]] == {"id": guide.db_plan["id"], "name": guide.db_plan["name"], "waveCount": 1}
    assert by_id[guide.web_plan["id"]]["waveCount"] == 1


def test_cli_find_plan_by_name(stack, guide):
    out = json_stream(bash(stack, """api_call GET "/recovery-plans?nameExact=2-Tier%20Recovery" | jq '.plans[0]' """))
    assert len(out) == 1
    plan = out[0]
    assert plan["id"] == guide.two_tier["id"]
    assert plan["name"].lower() == GUIDE_PLAN.lower()
    assert plan["waveCount"] == len(plan["waves"]) >= 1


def test_cli_find_plans_with_tag(stack, guide):
    out = json_stream(bash(stack, """api_call GET "/recovery-plans?tag=Purpose=DatabaseServers" | jq '.plans' """))
    assert len(out) == 1 and isinstance(out[0], list)
    ids = {plan["id"] for plan in out[0]}
    assert guide.db_plan["id"] in ids
    assert guide.web_plan["id"] not in ids
    if guide.two_tier["waves"][0]["protectionGroupId"] == guide.db["id"]:
        assert guide.two_tier["id"] in ids


def test_cli_plans_ready_to_execute(stack, guide):
    out = json_stream(bash(stack, """api_call GET "/recovery-plans?hasConflict=false" | jq '.plans[] | {id, name}' """))
    ids = {plan["id"] for plan in out}
    assert {guide.db_plan["id"], guide.web_plan["id"]} <= ids
    assert all(set(plan) == {"id", "name"} for plan in out)


def test_cli_get_plan_details(stack, guide):
    out = json_stream(
        bash(
            stack,
            """PLAN_ID="%s"
api_call GET "/recovery-plans/${PLAN_ID}" | jq '.' """
            % guide.db_plan["id"],
        )
    )
    assert out[0]["id"] == guide.db_plan["id"]
    assert out[0]["waves"][0]["protectionGroupId"] == guide.db["id"]


def test_cli_post_with_a_body(stack, guide):
    # api_call with data: the guide's -d form, through the same function.
    name = "Guide cli pg %s" % uid()
    body = json.dumps({"GroupName": name, "Region": "us-east-1", "ServerSelectionTags": {"Owner": name}})
    out = json_stream(bash(stack, """api_call POST "/protection-groups" '%s' | jq '{id, name, version}'""" % body))
    try:
        assert out[0]["name"] == name and out[0]["version"] == 1
    finally:
        if out and out[0].get("id"):
            Api(stack).delete("/protection-groups/" + out[0]["id"])


# ---------------------------------------------------------------------------------------------
# Complete Python Client (the guide's class; only Cognito's endpoint differs)


@pytest.fixture
def client(stack):
    return guide_python_client(stack)


def test_client_protection_groups(client, guide):
    groups = client.list_protection_groups()
    ids = {group["id"] for group in groups}
    assert {guide.web["id"], guide.db["id"]} <= ids
    assert client.get_protection_group(guide.db["id"])["serverSelectionTags"] == ERP_DB_TAGS
    resolved = client.resolve_protection_group(guide.db["id"])  # a POST without a body
    assert sorted(s["sourceServerID"] for s in resolved["servers"]) == sorted(matching_ids("us-east-1", ERP_DB_TAGS))


def test_client_recovery_plans(client, guide):
    plans = client.list_recovery_plans(name_exact=GUIDE_PLAN)
    assert [plan["id"] for plan in plans] == [guide.two_tier["id"]]
    assert client.find_plan_by_name(GUIDE_PLAN)["id"] == guide.two_tier["id"]
    assert client.find_plan_by_name("No such plan %s" % uid()) is None
    tagged = {plan["id"] for plan in client.list_recovery_plans(name=guide.sfx, tag="Purpose=DatabaseServers")}
    assert tagged == {guide.db_plan["id"]}
    ready = {plan["id"] for plan in client.list_recovery_plans(name=guide.sfx, has_conflict=False)}
    assert ready == {guide.db_plan["id"], guide.web_plan["id"]}
    assert client.list_recovery_plans(name=guide.sfx, status="completed") == []
    assert client.get_recovery_plan(guide.web_plan["id"])["name"] == guide.web_plan["name"]
    # The guide's __main__ check before starting a drill.
    plan = client.find_plan_by_name(GUIDE_PLAN)
    assert plan and not plan.get("hasServerConflict")


def test_client_errors_raise_with_the_status(client):
    with pytest.raises(Exception) as raised:
        client.get_recovery_plan("00000000-0000-0000-0000-000000000000")
    assert str(raised.value).startswith("API Error 404: ")
    assert json.loads(str(raised.value)[len("API Error 404: ") :])["error"] == "RECOVERY_PLAN_NOT_FOUND"


def test_client_drs_operations(client):
    servers = client.list_drs_source_servers("us-east-1")
    assert len(servers) == 19
    quotas = client.get_drs_quotas("us-east-1")
    assert quotas["limits"]["MAX_CONCURRENT_JOBS"] == 20
    assert quotas["capacity"]["totalSourceServers"] == 19


# ---------------------------------------------------------------------------------------------
# Python Example - Direct Lambda Invocation (boto3; the endpoint from AWS_ENDPOINT_URL_LAMBDA)


def invoke_drs_api(method: str, path: str, body: dict = None, query_params: dict = None) -> dict:
    """Invoke DRS Orchestration Lambda directly using IAM credentials"""
    lambda_client = boto3.client("lambda", region_name="us-east-1")

    event = {
        "httpMethod": method,
        "path": path,
        "headers": {},
        "queryStringParameters": query_params,
        "body": json.dumps(body) if body else None,
    }

    response = lambda_client.invoke(
        FunctionName="drs-orchestration-api-handler-dev", InvocationType="RequestResponse", Payload=json.dumps(event)
    )

    result = json.loads(response["Payload"].read())

    # Parse the Lambda response (API Gateway format)
    if "statusCode" in result:
        if result["statusCode"] >= 400:
            raise Exception(f"API Error {result['statusCode']}: {result.get('body', 'Unknown error')}")
        return json.loads(result.get("body", "{}"))

    return result


@pytest.fixture
def local_lambda(stack, monkeypatch):
    for key, value in stack.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", stack.invoke_url)


def test_invoke_drs_api(local_lambda, guide):
    plans = invoke_drs_api("GET", "/recovery-plans")
    assert len(plans.get("plans", [])) >= 3
    plans = invoke_drs_api("GET", "/recovery-plans", query_params={"nameExact": "2-Tier Recovery"})
    assert [plan["id"] for plan in plans["plans"]] == [guide.two_tier["id"]]
    # A body dict (serialized by the example) creates a group; 4xx raise.
    name = "Guide boto3 pg %s" % uid()
    created = invoke_drs_api(
        "POST",
        "/protection-groups",
        body={"groupName": name, "region": "us-east-1", "serverSelectionTags": {"Owner": name}},
    )
    try:
        assert created["name"] == name
        with pytest.raises(Exception, match=r"^API Error 409: "):
            invoke_drs_api(
                "POST",
                "/protection-groups",
                body={"groupName": name, "region": "us-east-1", "serverSelectionTags": {"Owner": uid()}},
            )
    finally:
        invoke_drs_api("DELETE", f"/protection-groups/{created['id']}")
    with pytest.raises(Exception, match=r"^API Error 404: "):
        invoke_drs_api("GET", f"/protection-groups/{created['id']}")


# ---------------------------------------------------------------------------------------------
# Bash Example - Direct Lambda Invocation (aws lambda invoke --endpoint-url)


def cli_is_v1():
    result = subprocess.run(["aws", "--version"], capture_output=True, text=True)
    return (result.stdout + result.stderr).startswith("aws-cli/1.")


def invoke_lambda_script(stack, tmp_path):
    binary_format = "" if cli_is_v1() else "        --cli-binary-format raw-in-base64-out \\\n"
    return r"""
FUNCTION_NAME="drs-orchestration-api-handler-dev"
REGION="us-east-1"

# Function to invoke Lambda directly
invoke_lambda() {
    local method=$1
    local path=$2
    local body=$3
    
    local payload
    if [ -n "$body" ]; then
        payload=$(jq -n --arg m "$method" --arg p "$path" --arg b "$body" \
            '{httpMethod: $m, path: $p, headers: {}, queryStringParameters: null, body: $b}')
    else
        payload=$(jq -n --arg m "$method" --arg p "$path" \
            '{httpMethod: $m, path: $p, headers: {}, queryStringParameters: null, body: null}')
    fi
    
    AWS_PAGER="" aws lambda invoke \
        --endpoint-url "%(endpoint)s" \
        --function-name "$FUNCTION_NAME" \
        --payload "$payload" \
%(binary_format)s        --region "$REGION" \
        %(out)s > /dev/null 2>&1
    
    # Extract body from Lambda response
    jq -r '.body' %(out)s | jq .
}
""" % {"endpoint": stack.invoke_url, "binary_format": binary_format, "out": tmp_path / "lambda_response.json"}


def test_bash_invoke_lambda(stack, guide, tmp_path):
    script = (
        invoke_lambda_script(stack, tmp_path)
        + r"""
echo "=== Recovery Plans ==="
invoke_lambda "GET" "/recovery-plans"
"""
    )
    out = bash(stack, script)
    assert out.startswith("=== Recovery Plans ===\n")
    body = json_stream(out[len("=== Recovery Plans ===\n") :])[0]
    assert {guide.two_tier["id"], guide.db_plan["id"]} <= {plan["id"] for plan in body["plans"]}


def test_bash_invoke_lambda_with_a_body(stack, guide, tmp_path):
    name = "Guide bash pg %s" % uid()
    body = json.dumps({"groupName": name, "region": "us-east-1", "serverSelectionTags": {"Owner": name}})
    out = json_stream(
        bash(stack, invoke_lambda_script(stack, tmp_path) + "invoke_lambda POST /protection-groups '%s'\n" % body)
    )
    try:
        assert out[0]["name"] == name and out[0]["version"] == 1
    finally:
        if out and out[0].get("id"):
            Api(stack).delete("/protection-groups/" + out[0]["id"])


def test_aws_cli_direct_invocation_snippet(stack, guide, tmp_path):
    # The guide's first snippet: aws lambda invoke ... then `jq -r '.body' | jq .`.
    out = tmp_path / "response.json"
    flags = [] if cli_is_v1() else ["--cli-binary-format", "raw-in-base64-out"]
    result = stack.aws_cli_invoke('{"httpMethod":"GET","path":"/recovery-plans"}', out, *flags, "--region", "us-east-1")
    assert result.returncode == 0, result.stderr
    body = json_stream(
        subprocess.run(
            "cat %s | jq -r '.body' | jq ." % out, shell=True, capture_output=True, text=True, check=True
        ).stdout
    )[0]
    assert guide.two_tier["id"] in {plan["id"] for plan in body["plans"]}


# ---------------------------------------------------------------------------------------------
# SSM: FindRecoveryPlan (aws:invokeLambdaFunction) and ParsePlanId's script


SSM_FIND_PAYLOAD = """        {
          "httpMethod": "GET",
          "path": "/recovery-plans",
          "queryStringParameters": {"nameExact": "{{RecoveryPlanName}}"}
        }
"""


def parse_plan(events, context):
    # The SSM document's ParsePlanId script, verbatim.
    body = json.loads(events["PlanResponse"])
    plans = body.get("plans", [])
    if not plans:
        raise Exception("Recovery plan not found")
    return {"planId": plans[0]["id"], "hasConflict": plans[0].get("hasServerConflict", False)}


def select(document, selector):
    """An SSM output selector of the `$.a.b` form."""
    assert selector.startswith("$.")
    for key in selector[2:].split("."):
        document = document[key]
    return document


def test_ssm_find_recovery_plan(stack, guide):
    client = stack.lambda_client()
    payload = SSM_FIND_PAYLOAD.replace("{{RecoveryPlanName}}", GUIDE_PLAN)
    response = client.invoke(FunctionName=FUNCTION, Payload=payload.encode())
    assert response["StatusCode"] == 200 and "FunctionError" not in response
    step_output = {"Payload": json.loads(response["Payload"].read())}
    plan_response = select(step_output, "$.Payload.body")  # outputs: PlanId, Type: String
    assert isinstance(plan_response, str)
    assert set(json.loads(plan_response)) >= {"plans", "count"}
    parsed = parse_plan({"PlanResponse": plan_response}, None)
    assert parsed == {"planId": guide.two_tier["id"], "hasConflict": False}

    missing = client.invoke(
        FunctionName=FUNCTION, Payload=SSM_FIND_PAYLOAD.replace("{{RecoveryPlanName}}", "No plan " + uid()).encode()
    )
    with pytest.raises(Exception, match="Recovery plan not found"):
        parse_plan({"PlanResponse": select({"Payload": json.loads(missing["Payload"].read())}, "$.Payload.body")}, None)
