"""The integration guide's drill workflows, run as written against a private local stack.

Only what cannot work locally is replaced: the endpoints (Cognito's is moto's, through
AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER or the client's endpoint_url; the tokens are real and verified), (the local API Gateway / Invoke API, function `-dev`), and the poll
intervals (the scripts' own variables, or the `sleep` value of the CLI loop).

* (a) "Complete DR Drill Script" (scripts/execute_dr_drill.sh), run with bash;
* (b) "Complete Python Client": `start_execution` + `wait_for_completion`, and its pause path;
* (c) "CLI Integration": start, the poll loop, resume and cancel through curl + jq;
* (d) "Step Functions with Direct Lambda Invocation": the payloads the state machine sends, through
  boto3 `invoke`, read as its selectors mean (`States.StringToJson($.Payload.body).ExecutionId`,
  `...status`); the "Step Functions Integration" (http:invoke) flow with its pause/resume branch;
  and the SSM documents' selectors (`$.Payload.body`, `$.Payload.status`).
"""

import json
import subprocess
import time

import pytest

from helpers_executions import drills_fixture, exec_stack_fixture, get_execution, job_timings, wait_for
from helpers_resources import http_call, uid
from guide_client import API_CALL
from helpers_auth import guide_python_client

FUNCTION = "drs-orchestration-api-handler-dev"


guide_stack = exec_stack_fixture("drs-local-guide-drills")
drills = drills_fixture("guide_stack")


# ---------------------------------------------------------------------------------------------
# (a) Bash Script Examples / Complete DR Drill Script — the guide's text, its Cognito sign-in included.

EXECUTE_DR_DRILL_SH = r"""#!/bin/bash
# scripts/execute_dr_drill.sh
# Complete DR drill execution script with error handling

set -euo pipefail

# Configuration
API_ENDPOINT="${API_ENDPOINT:-https://xxx.execute-api.us-east-1.amazonaws.com/prod}"
COGNITO_CLIENT_ID="${COGNITO_CLIENT_ID:-}"
DR_USERNAME="${DR_USERNAME:-}"
DR_PASSWORD="${DR_PASSWORD:-}"
PLAN_NAME="${1:-}"
EXECUTION_TYPE="${2:-DRILL}"
POLL_INTERVAL="${POLL_INTERVAL:-30}"
TIMEOUT="${TIMEOUT:-3600}"

# Colors for output
RED='\033[0;31m'
GREEN='\033[0;32m'
YELLOW='\033[1;33m'
NC='\033[0m' # No Color

log_info() { echo -e "${GREEN}[INFO]${NC} $1"; }
log_warn() { echo -e "${YELLOW}[WARN]${NC} $1"; }
log_error() { echo -e "${RED}[ERROR]${NC} $1"; }

# Validate inputs
if [ -z "$PLAN_NAME" ]; then
    log_error "Usage: $0 <plan-name> [DRILL|RECOVERY]"
    exit 1
fi

if [ -z "$COGNITO_CLIENT_ID" ] || [ -z "$DR_USERNAME" ] || [ -z "$DR_PASSWORD" ]; then
    log_error "Missing required environment variables: COGNITO_CLIENT_ID, DR_USERNAME, DR_PASSWORD"
    exit 1
fi

# Get auth token
log_info "Authenticating..."
TOKEN=$(aws cognito-idp initiate-auth \
    --client-id "${COGNITO_CLIENT_ID}" \
    --auth-flow USER_PASSWORD_AUTH \
    --auth-parameters USERNAME="${DR_USERNAME}",PASSWORD="${DR_PASSWORD}" \
    --query 'AuthenticationResult.IdToken' \
    --output text 2>/dev/null)

if [ -z "$TOKEN" ]; then
    log_error "Failed to authenticate"
    exit 1
fi

# Find recovery plan
log_info "Finding recovery plan: ${PLAN_NAME}"
ENCODED_NAME=$(python3 -c "import urllib.parse; print(urllib.parse.quote('${PLAN_NAME}'))")
PLAN_RESPONSE=$(curl -s -H "Authorization: Bearer ${TOKEN}" \
    "${API_ENDPOINT}/recovery-plans?nameExact=${ENCODED_NAME}")

PLAN_ID=$(echo "$PLAN_RESPONSE" | jq -r '.plans[0].id // empty')
HAS_CONFLICT=$(echo "$PLAN_RESPONSE" | jq -r '.plans[0].hasServerConflict // false')

if [ -z "$PLAN_ID" ]; then
    log_error "Recovery plan '${PLAN_NAME}' not found"
    exit 1
fi

log_info "Found plan: ${PLAN_ID}"

# Check for conflicts
if [ "$HAS_CONFLICT" = "true" ]; then
    log_error "Recovery plan has server conflicts with active execution"
    exit 1
fi

# Start execution
log_info "Starting ${EXECUTION_TYPE} execution..."
EXEC_RESPONSE=$(curl -s -X POST \
    -H "Authorization: Bearer ${TOKEN}" \
    -H "Content-Type: application/json" \
    -d "{\"recoveryPlanId\":\"${PLAN_ID}\",\"executionType\":\"${EXECUTION_TYPE}\",\"initiatedBy\":\"bash-script\",\"invocationSource\":\"CLI\"}" \
    "${API_ENDPOINT}/executions")

EXECUTION_ID=$(echo "$EXEC_RESPONSE" | jq -r '.ExecutionId // .executionId // empty')

if [ -z "$EXECUTION_ID" ]; then
    log_error "Failed to start execution: $(echo "$EXEC_RESPONSE" | jq -r '.error // .message // "Unknown error"')"
    exit 1
fi

log_info "Execution started: ${EXECUTION_ID}"

# Poll for completion
log_info "Waiting for completion (timeout: ${TIMEOUT}s)..."
START_TIME=$(date +%s)

while true; do
    CURRENT_TIME=$(date +%s)
    ELAPSED=$((CURRENT_TIME - START_TIME))
    
    if [ $ELAPSED -ge $TIMEOUT ]; then
        log_error "Timeout waiting for execution to complete"
        exit 1
    fi
    
    STATUS_RESPONSE=$(curl -s -H "Authorization: Bearer ${TOKEN}" \
        "${API_ENDPOINT}/executions/${EXECUTION_ID}")
    
    STATUS=$(echo "$STATUS_RESPONSE" | jq -r '.status')
    CURRENT_WAVE=$(echo "$STATUS_RESPONSE" | jq -r '.currentWave // 0')
    TOTAL_WAVES=$(echo "$STATUS_RESPONSE" | jq -r '.totalWaves // 0')
    
    log_info "Status: ${STATUS} (Wave ${CURRENT_WAVE}/${TOTAL_WAVES}) - Elapsed: ${ELAPSED}s"
    
    case "$STATUS" in
        completed)
            log_info "Execution completed successfully!"
            exit 0
            ;;
        failed)
            ERROR_MSG=$(echo "$STATUS_RESPONSE" | jq -r '.errorMessage // "Unknown error"')
            log_error "Execution failed: ${ERROR_MSG}"
            exit 1
            ;;
        cancelled)
            log_warn "Execution was cancelled"
            exit 1
            ;;
        paused)
            log_warn "Execution is paused - manual intervention required"
            log_info "Resume with: curl -X POST -H 'Authorization: Bearer \$TOKEN' ${API_ENDPOINT}/executions/${EXECUTION_ID}/resume"
            exit 2
            ;;
    esac
    
    sleep $POLL_INTERVAL
done
"""


def run_drill_script(stack, tmp_path, plan_name, *args, poll_interval="0.5", timeout="90", role="admin"):
    """The guide's script, signed in as the stack's seeded `role` user (COGNITO_CLIENT_ID, DR_USERNAME,
    DR_PASSWORD from `stack.env`)."""
    path = tmp_path / "execute_dr_drill.sh"
    path.write_text(EXECUTE_DR_DRILL_SH)
    env = dict(stack.env(role), API_ENDPOINT=stack.api_url, POLL_INTERVAL=poll_interval, TIMEOUT=timeout)
    return subprocess.run(["bash", str(path), plan_name, *args], capture_output=True, text=True, timeout=150, env=env)


def test_drill_script_runs_a_drill_to_completion(guide_stack, drills, tmp_path):
    name = "Guide Drill %s" % drills.sfx
    plan = drills.plan(["orders-db-01", "orders-app-01"], name=name)
    result = run_drill_script(guide_stack, tmp_path, name, "DRILL")
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    out = result.stdout
    assert "Found plan: %s" % plan["id"] in out, out
    assert "Execution completed successfully!" in out, out
    assert "Status: completed (Wave 2/2)" in out, out
    execution_id = out.split("Execution started: ", 1)[1].split()[0]
    execution = get_execution(drills.api, execution_id)
    assert execution["status"] == "completed" and execution["recoveryPlanId"] == plan["id"]
    # Through API Gateway the signed-in user is recorded, whatever the body says (spec §5).
    assert execution["initiatedBy"] == "admin@example.com" and execution["invocationSource"] == "API"
    assert execution["executionType"] == "DRILL"
    # The default execution type is DRILL too, and a second run of the same plan works.
    again = run_drill_script(guide_stack, tmp_path, name)
    assert again.returncode == 0, (again.stdout, again.stderr)


def test_drill_script_exits_2_on_a_paused_execution(guide_stack, drills, tmp_path):
    name = "Guide Paused Drill %s" % drills.sfx
    drills.plan(["orders-db-02", "orders-app-02"], name=name, pauses=[2])
    result = run_drill_script(guide_stack, tmp_path, name, "DRILL")
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Execution is paused - manual intervention required" in result.stdout
    assert "Status: paused (Wave 1/2)" in result.stdout, result.stdout
    execution_id = result.stdout.split("Execution started: ", 1)[1].split()[0]
    assert "%s/executions/%s/resume" % (guide_stack.api_url, execution_id) in result.stdout
    drills.api.post("/executions/%s/cancel" % execution_id, {})


def test_drill_script_refuses_a_conflicting_or_unknown_plan(guide_stack, drills, tmp_path):
    holder = drills.plan(["orders-web-01"], pauses=[1])
    name = "Guide Conflicting Drill %s" % drills.sfx
    drills.plan(["orders-web-01"], name=name)
    execution_id = drills.api.post("/executions", {"recoveryPlanId": holder["id"], "executionType": "DRILL"}).body[
        "executionId"
    ]
    try:
        result = run_drill_script(guide_stack, tmp_path, name)
        assert result.returncode == 1, (result.stdout, result.stderr)
        assert "Recovery plan has server conflicts with active execution" in result.stdout
        assert "Execution started" not in result.stdout
    finally:
        drills.api.post("/executions/%s/cancel" % execution_id, {})
    result = run_drill_script(guide_stack, tmp_path, "No Such Plan %s" % uid())
    assert result.returncode == 1 and "not found" in result.stdout, result.stdout


# ---------------------------------------------------------------------------------------------
# (b) Python SDK Examples / Complete Python Client — the guide's class; only Cognito's endpoint differs.


@pytest.fixture
def client(guide_stack):
    return guide_python_client(guide_stack)


def test_python_client_start_and_wait(client, drills):
    name = "Guide Client Drill %s" % drills.sfx
    drills.plan(["hr-web-01", "hr-web-02", "hr-app-01"], name=name)
    # The guide's __main__: find, check conflicts, start, wait.
    plan = client.find_plan_by_name(name)
    assert plan and not plan.get("hasServerConflict")
    execution = client.start_execution(plan["id"], "DRILL")
    assert execution["executionId"] == execution["ExecutionId"] and execution["status"] == "pending"
    result = client.wait_for_completion(execution["executionId"], timeout=60, poll_interval=0.5)
    assert result["status"] == "completed", result
    assert result["currentWave"] == result["totalWaves"] == 3
    assert result["initiatedBy"] == client.username and result["invocationSource"] == "API"
    assert execution["executionId"] in {e["executionId"] for e in client.list_executions(limit=50)}
    assert client.get_recovery_plan(plan["id"])["lastExecutionStatus"].lower() == "completed"
    assert client.list_recovery_plans(name=drills.sfx, status="completed")


def test_python_client_pause_resume_and_cancel(client, drills, guide_stack):
    plan = drills.plan(["hr-db-01", "rpt-web-01"], pauses=[2])
    execution = client.start_execution(plan["id"], "DRILL", initiated_by="python-sdk")
    execution_id = execution["executionId"]
    with pytest.raises(Exception, match="is paused - manual intervention required"):
        client.wait_for_completion(execution_id, timeout=60, poll_interval=0.5)
    # POSTs without a body, as the client sends them.
    assert client.resume_execution(execution_id)["status"] in ("running", "completed")
    assert client.wait_for_completion(execution_id, timeout=60, poll_interval=0.5)["status"] == "completed"
    with pytest.raises(Exception, match=r"^API Error 400: .*EXECUTION_NOT_CANCELLABLE"):
        client.cancel_execution(execution_id)
    # pause_execution while a wave runs, then cancel_execution.
    with job_timings(guide_stack, 300, 3000):
        execution_id = client.start_execution(plan["id"], "DRILL")["executionId"]
        wait_for(lambda: client.get_execution(execution_id)["waves"][0]["jobId"], 15, what="wave 1's job")
        assert client.pause_execution(execution_id)["status"] == "pause_pending"
        assert client.cancel_execution(execution_id)["status"] == "cancelling"
        assert client.wait_for_completion(execution_id, timeout=30, poll_interval=0.5)["status"] == "cancelled"


# ---------------------------------------------------------------------------------------------
# (c) CLI Integration — api_call and get_token as the guide defines them, its examples verbatim.


START_DRILL = r"""
# Start a drill execution
api_call POST "/executions" '{
  "recoveryPlanId": "'${PLAN_ID}'",
  "executionType": "DRILL",
  "initiatedBy": "cli-automation"
}'
"""

POLL_UNTIL_COMPLETE = r"""
# Poll until complete
while true; do
  STATUS=$(api_call GET "/executions/${EXECUTION_ID}" | jq -r '.status')
  echo "Status: ${STATUS}"
  
  case ${STATUS} in
    completed|failed|cancelled)
      echo "Execution finished with status: ${STATUS}"
      break
      ;;
    paused)
      echo "Execution paused - manual intervention required"
      break
      ;;
  esac
  
  sleep 30
done
""".replace("sleep 30", "sleep 0.3")

GET_STATUS = r"""
# Get execution status
api_call GET "/executions/${EXECUTION_ID}" | jq '{status, currentWave, totalWaves}'
"""

RESUME = r"""
# Resume execution that was paused before a wave
api_call POST "/executions/${EXECUTION_ID}/resume" '{}'
"""

CANCEL = r"""
# Cancel running execution
api_call POST "/executions/${EXECUTION_ID}/cancel" '{}'
"""


def bash(stack, script, **env):
    environment = dict(stack.env(), API_ENDPOINT=stack.api_url, **env)
    result = subprocess.run(
        ["bash", "-c", API_CALL + script], capture_output=True, text=True, timeout=120, env=environment
    )
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    return result.stdout


def test_cli_start_poll_resume(guide_stack, drills):
    plan = drills.plan(["erp-app-01", "erp-db-01"], pauses=[2])
    started = json.loads(bash(guide_stack, START_DRILL, PLAN_ID=plan["id"]))
    execution_id = started["executionId"]
    assert started["ExecutionId"] == execution_id and started["status"] == "pending"
    out = bash(guide_stack, POLL_UNTIL_COMPLETE, EXECUTION_ID=execution_id)
    assert out.strip().endswith("Execution paused - manual intervention required"), out
    assert json.loads(bash(guide_stack, GET_STATUS, EXECUTION_ID=execution_id)) == {
        "status": "paused",
        "currentWave": 1,
        "totalWaves": 2,
    }
    resumed = json.loads(bash(guide_stack, RESUME, EXECUTION_ID=execution_id))
    assert resumed["executionId"] == execution_id and resumed["status"] in ("running", "completed"), resumed
    out = bash(guide_stack, POLL_UNTIL_COMPLETE, EXECUTION_ID=execution_id)
    assert out.strip().endswith("Execution finished with status: completed"), out
    assert json.loads(bash(guide_stack, GET_STATUS, EXECUTION_ID=execution_id)) == {
        "status": "completed",
        "currentWave": 2,
        "totalWaves": 2,
    }
    execution = get_execution(drills.api, execution_id)
    assert execution["initiatedBy"] == guide_stack.cognito.users["admin"][0]
    # Resuming again is refused with the error body.
    error = json.loads(bash(guide_stack, RESUME, EXECUTION_ID=execution_id))
    assert error["error"] == "EXECUTION_NOT_PAUSED" and error["currentStatus"] == "COMPLETED", error


def test_cli_cancel_running_execution(guide_stack, drills):
    plan = drills.plan(["capi-web-01", "capi-web-02", "capi-web-03"])
    with job_timings(guide_stack, 300, 3000):
        execution_id = json.loads(bash(guide_stack, START_DRILL, PLAN_ID=plan["id"]))["executionId"]
        wait_for(lambda: get_execution(drills.api, execution_id)["waves"][0]["jobId"], 15, what="wave 1's job")
        cancelled = json.loads(bash(guide_stack, CANCEL, EXECUTION_ID=execution_id))
        assert cancelled["executionId"] == execution_id and cancelled["status"] == "cancelling", cancelled
        out = bash(guide_stack, POLL_UNTIL_COMPLETE, EXECUTION_ID=execution_id)
    assert out.strip().endswith("Execution finished with status: cancelled"), out
    execution = get_execution(drills.api, execution_id)
    assert [w["status"] for w in execution["waves"]][1:] == ["cancelled", "cancelled"], execution
    assert all(w["jobId"] is None for w in execution["waves"][1:])
    error = json.loads(bash(guide_stack, CANCEL, EXECUTION_ID=execution_id))
    assert error["error"] == "EXECUTION_NOT_CANCELLABLE" and error["currentStatus"] == "CANCELLED", error


# ---------------------------------------------------------------------------------------------
# (d) Step Functions and SSM: the payloads they send, through boto3 invoke (the Invoke API).


@pytest.fixture
def lambda_client(guide_stack):
    return guide_stack.lambda_client()


def lambda_invoke(client, payload):
    """`arn:aws:states:::lambda:invoke` / `aws:invokeLambdaFunction`: the task's result, whose
    `Payload` is the function's answer."""
    response = client.invoke(FunctionName=FUNCTION, InvocationType="RequestResponse", Payload=json.dumps(payload))
    assert response["StatusCode"] == 200 and "FunctionError" not in response, response
    return {"StatusCode": response["StatusCode"], "Payload": json.loads(response["Payload"].read())}


def test_step_functions_direct_invocation(lambda_client, drills):
    """The "DR Orchestration with IAM-based Lambda invocation" state machine, state by state."""
    name = "Guide SFN Drill %s" % drills.sfx
    drills.plan(["orders-web-02", "orders-web-03"], name=name)
    state = {
        "planName": name,
        "executionConfig": {
            "executionType": "DRILL",
            "initiatedBy": "step-functions",
            "invocationSource": "STEPFUNCTIONS",
        },
    }
    # ListRecoveryPlans — ResultSelector plans.$: States.StringToJson($.Payload.body).plans
    result = lambda_invoke(
        lambda_client,
        {"httpMethod": "GET", "path": "/recovery-plans", "queryStringParameters": {"nameExact": state["planName"]}},
    )
    state["planResult"] = {"plans": json.loads(result["Payload"]["body"])["plans"]}
    # CheckPlanExists — $.planResult.plans[0] IsPresent
    assert state["planResult"]["plans"], state
    plan = state["planResult"]["plans"][0]
    # StartExecution — body: executionConfig merged with {"recoveryPlanId": plans[0].id}, as a JSON string
    body = dict(state["executionConfig"], recoveryPlanId=plan["id"])
    result = lambda_invoke(lambda_client, {"httpMethod": "POST", "path": "/executions", "body": json.dumps(body)})
    assert result["Payload"]["statusCode"] == 202, result
    # ResultSelector executionId.$: States.StringToJson($.Payload.body).ExecutionId
    state["execution"] = {"executionId": json.loads(result["Payload"]["body"])["ExecutionId"]}
    # WaitAndPoll / CheckStatus / EvaluateStatus
    deadline = time.time() + 60
    while True:
        result = lambda_invoke(
            lambda_client, {"httpMethod": "GET", "path": "/executions/%s" % state["execution"]["executionId"]}
        )
        state["currentStatus"] = {"status": json.loads(result["Payload"]["body"])["status"]}
        if state["currentStatus"]["status"] == "completed":
            break  # Success
        assert state["currentStatus"]["status"] != "failed", result  # Failed
        assert time.time() < deadline, state
        time.sleep(0.3)
    execution = get_execution(drills.api, state["execution"]["executionId"])
    assert execution["status"] == "completed" and execution["recoveryPlanName"] == name
    assert execution["invocationSource"] == "STEPFUNCTIONS" and execution["initiatedBy"] == "step-functions"


def test_step_functions_http_integration_with_pause(guide_stack, drills):
    """The "DR Orchestration Integration" state machine (http:invoke through API Gateway), including
    its ExecutionPaused → ResumeExecution branch (the approval is granted at once)."""
    name = "Guide SFN HTTP Drill %s" % drills.sfx
    drills.plan(["orders-app-03", "hr-web-01"], name=name, pauses=[2])
    state = {"config": {"apiEndpoint": guide_stack.api_url}, "planName": name, "executionType": "DRILL"}
    found = http_call(state["config"]["apiEndpoint"], "GET", "/recovery-plans", query={"nameExact": name})
    state["planResult"] = found.body
    assert state["planResult"]["plans"], found  # CheckPlanFound
    assert state["planResult"]["plans"][0]["hasServerConflict"] is False  # CheckConflicts
    response = http_call(
        state["config"]["apiEndpoint"],
        "POST",
        "/executions",
        {
            "recoveryPlanId": state["planResult"]["plans"][0]["id"],
            "executionType": state["executionType"],
            "initiatedBy": "step-functions",
            "invocationSource": "STEPFUNCTIONS",
        },
    )
    assert response.status == 202, response
    state["execution"] = response.body
    visited = []
    deadline = time.time() + 60
    while time.time() < deadline:
        path = "/executions/%s" % state["execution"]["executionId"]
        state["status"] = http_call(state["config"]["apiEndpoint"], "GET", path).body
        status = state["status"]["status"]
        if not visited or visited[-1] != status:
            visited.append(status)
        if status == "completed":
            break
        assert status not in ("failed", "cancelled"), state
        if status == "paused":
            # ResumeExecution: POST without a RequestBody.
            resumed = http_call(state["config"]["apiEndpoint"], "POST", path + "/resume")
            assert resumed.status == 200, resumed
        time.sleep(0.3)
    assert state["status"]["status"] == "completed", (visited, state)
    assert "paused" in visited, visited


def test_ssm_direct_invocation_selectors(lambda_client, drills):
    """ssm-documents/drs-drill-iam-auth.yaml, then drs-drill-automation.yaml's WaitForCompletion."""
    name = "Guide SSM Drill %s" % drills.sfx
    plan_created = drills.plan(["capi-app-01", "capi-app-02"], name=name)
    # FindRecoveryPlan — Selector $.Payload.body (String)
    result = lambda_invoke(
        lambda_client,
        json.loads(
            """
        {
          "httpMethod": "GET",
          "path": "/recovery-plans",
          "queryStringParameters": {"nameExact": "%s"}
        }"""
            % name
        ),
    )
    plan_response = result["Payload"]["body"]
    assert isinstance(plan_response, str)
    # ParsePlanId — the document's script
    body = json.loads(plan_response)
    plans = body.get("plans", [])
    assert plans, body
    parsed = {"planId": plans[0]["id"], "hasConflict": plans[0].get("hasServerConflict", False)}
    assert parsed == {"planId": plan_created["id"], "hasConflict": False}
    # StartExecution — the document's payload text, with its parameters substituted
    payload_text = """
        {
          "httpMethod": "POST",
          "path": "/executions",
          "body": "{\\"recoveryPlanId\\":\\"{{ParsePlanId.PlanId}}\\",\\"executionType\\":\\"{{ExecutionType}}\\",\\"initiatedBy\\":\\"ssm-iam-auth\\",\\"invocationSource\\":\\"SSM\\"}"
        }""".replace("{{ParsePlanId.PlanId}}", parsed["planId"]).replace("{{ExecutionType}}", "DRILL")
    result = lambda_invoke(lambda_client, json.loads(payload_text))
    # Output ExecutionId — Selector $.Payload.body (String); the id inside it, and mirrored beside it.
    execution_output = result["Payload"]["body"]
    assert isinstance(execution_output, str)
    execution_id = json.loads(execution_output)["ExecutionId"]
    assert result["Payload"]["ExecutionId"] == execution_id
    assert result["Payload"]["status"] == "pending"
    # WaitForCompletion — aws:waitForAwsResourceProperty, PropertySelector $.Payload.status
    desired = {"completed", "failed", "cancelled"}
    deadline = time.time() + 60
    while True:
        result = lambda_invoke(lambda_client, json.loads('{"httpMethod":"GET","path":"/executions/%s"}' % execution_id))
        if result["Payload"].get("status") in desired:
            break
        assert time.time() < deadline, result
        time.sleep(0.3)
    assert result["Payload"]["status"] == "completed", result
    assert json.loads(result["Payload"]["body"])["status"] == "completed"
    execution = get_execution(drills.api, execution_id)
    assert execution["initiatedBy"] == "ssm-iam-auth" and execution["invocationSource"] == "SSM"
