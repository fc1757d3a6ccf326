"""Executions (spec §2.3, §3) end to end on a private stack: the API starts, the engine (the stack's
ticker invoking the orchestration function, and reads of active executions) advances, the DRS
simulator launches — fast (0.3 s PENDING, 0.7 s STARTED, ticks every 0.3 s), and slower inside
`job_timings` blocks where a test needs a wave to stay in flight.

The simulator's `/_simulator/stats` counts the `StartRecovery` calls DRS really received: one per
wave started, never more. `hr-db-01` is configured to fail its launches (`--drs-fail-launch`).
"""

import re
import time

import pytest

from helpers_executions import (
    EXEC_SERVER_FIELDS,
    EXEC_WAVE_FIELDS,
    EXECUTION_FIELDS,
    Drills,
    get_execution,
    hostname_of,
    ids_of,
    job_timings,
    start,
    start_exec_stack,
    start_recovery_calls,
    started,
    wait_for,
    wait_status,
    wait_terminal,
)
from helpers_resources import PLACEHOLDER_ID, assert_error, assert_timestamp, list_all, server_id, uid

FAILING = "hr-db-01"
ORDERS_DB = ("orders-db-01", "orders-db-02")
ORDERS_APP = ("orders-app-01", "orders-app-02")
ORDERS_WEB = ("orders-web-01", "orders-web-02")
INSTANCE_ID = re.compile(r"^i-[0-9a-f]{8,}$")
JOB_ID = re.compile(r"^drsjob-[0-9a-zA-Z]+$")


@pytest.fixture(scope="module")
def exec_stack(tmp_path_factory):
    stack = start_exec_stack(
        tmp_path_factory.mktemp("drs-local-executions"), extra_args=["--drs-fail-launch", server_id(FAILING)]
    )
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def drills(exec_stack):
    drills = Drills(exec_stack, combos=[ORDERS_DB, ORDERS_APP, ORDERS_WEB], unhealthy=["rpt-db-01"])
    yield drills
    drills.cleanup()


@pytest.fixture
def api(drills):
    return drills.api


@pytest.fixture
def gateway(drills):
    return drills.gateway


def assert_execution_shape(execution):
    assert EXECUTION_FIELDS <= set(execution), sorted(EXECUTION_FIELDS - set(execution))
    assert execution["totalWaves"] == len(execution["waves"])
    assert isinstance(execution["version"], int)
    assert_timestamp(execution["startTime"])
    for number, wave in enumerate(execution["waves"], start=1):
        assert EXEC_WAVE_FIELDS <= set(wave), sorted(EXEC_WAVE_FIELDS - set(wave))
        assert wave["waveNumber"] == number
        for server in wave["servers"]:
            assert EXEC_SERVER_FIELDS <= set(server), sorted(EXEC_SERVER_FIELDS - set(server))


def completed_drill(drills, waves, **extra):
    """Runs a drill of `waves` to `completed`; returns (plan, execution)."""
    plan = drills.plan(waves)
    execution_id = started(drills.api, plan["id"], **extra)
    execution = wait_status(drills.api, execution_id, {"completed", "failed", "cancelled"}, timeout=60)
    assert execution["status"] == "completed", execution
    return plan, execution


# ---------------------------------------------------------------------------------------------
# The drill of the guide: three waves, paused before wave 2, resumed, completed


def test_three_wave_drill_pauses_resumes_and_completes(exec_stack, drills, api, gateway):
    plan = drills.plan([ORDERS_DB, ORDERS_APP, ORDERS_WEB], pauses=[2])
    calls_before = start_recovery_calls(exec_stack)

    response = start(api, plan["id"], invocationSource="CLI", invocationDetails={"ticket": "DR-42"})
    assert response.status == 202, response
    body = response.body
    execution_id = body["executionId"]
    assert body["ExecutionId"] == execution_id
    assert body["status"] == "pending"
    assert body["planId"] == plan["id"]
    assert body["executionType"] == "DRILL"
    assert body["statusUrl"] == "/executions/" + execution_id
    assert isinstance(body.get("message"), str) and body["message"]
    # Direct invocation: the body's members beside the envelope (the guide's SSM selectors).
    assert response.envelope["status"] == "pending" and response.envelope["ExecutionId"] == execution_id

    paused = wait_status(api, execution_id, "paused", timeout=30)
    assert_execution_shape(paused)
    assert paused["currentWave"] == 1 and paused["totalWaves"] == 3, paused
    assert paused["pausedBeforeWave"] == 2, paused
    assert [w["status"] for w in paused["waves"]] == ["completed", "pending", "pending"], paused
    assert paused["waves"][1]["jobId"] is None and paused["waves"][2]["jobId"] is None
    assert start_recovery_calls(exec_stack) == calls_before + 1
    # Paused stays paused: nothing starts without a resume.
    time.sleep(1.0)
    still = get_execution(api, execution_id)
    assert still["status"] == "paused" and still["waves"][1]["jobId"] is None, still
    assert start_recovery_calls(exec_stack) == calls_before + 1

    # The guide's CLI example: POST /executions/{id}/resume with '{}' (through API Gateway).
    resumed = gateway.post("/executions/%s/resume" % execution_id, {})
    assert resumed.status == 200, resumed
    assert resumed.body["executionId"] == execution_id
    assert resumed.body["status"] in ("running", "completed"), resumed

    done = wait_status(api, execution_id, {"completed", "failed", "cancelled"}, timeout=30)
    assert done["status"] == "completed", done
    assert_execution_shape(done)
    assert done["currentWave"] == 3 and done["totalWaves"] == 3
    assert done["pausedBeforeWave"] is None and done["errorMessage"] is None
    assert done["recoveryPlanId"] == plan["id"] and done["recoveryPlanName"] == plan["name"]
    assert done["executionType"] == "DRILL" and done["initiatedBy"] == "integration-test"
    assert done["invocationSource"] == "CLI" and done["invocationDetails"] == {"ticket": "DR-42"}
    assert_timestamp(done["endTime"])
    assert done["endTime"] >= done["startTime"]
    job_ids = []
    for wave, group in zip(done["waves"], [ORDERS_DB, ORDERS_APP, ORDERS_WEB]):
        assert wave["status"] == "completed", wave
        assert wave["region"] == "us-east-1"
        assert JOB_ID.match(wave["jobId"] or ""), wave
        job_ids.append(wave["jobId"])
        assert_timestamp(wave["startTime"])
        assert_timestamp(wave["endTime"])
        assert sorted(s["sourceServerId"] for s in wave["servers"]) == sorted(ids_of(group)), wave
        for server in wave["servers"]:
            assert server["launchStatus"] == "LAUNCHED", server
            assert INSTANCE_ID.match(server["recoveryInstanceId"] or ""), server
            assert server["hostname"] == hostname_of(server["sourceServerId"]), server
            assert not server.get("error"), server
    assert len(set(job_ids)) == 3
    # Waves ran in order.
    assert done["waves"][0]["endTime"] <= done["waves"][1]["startTime"] <= done["waves"][2]["startTime"]

    # One StartRecovery per wave, at the simulator.
    assert start_recovery_calls(exec_stack) == calls_before + 3

    # The plan remembers its last execution.
    plan_now = api.get("/recovery-plans/" + plan["id"]).body
    assert plan_now["lastExecutionStatus"].lower() == "completed", plan_now
    assert plan_now["lastExecutionId"] == execution_id
    assert_timestamp(plan_now["lastStartTime"])
    assert_timestamp(plan_now["lastEndTime"])
    assert plan_now["hasServerConflict"] is False

    # A terminal execution is left alone by later ticks: same version a little later.
    version = done["version"]
    time.sleep(1.0)
    assert get_execution(api, execution_id)["version"] == version
    assert start_recovery_calls(exec_stack) == calls_before + 3


def test_gateway_get_matches_direct_invocation(drills, api, gateway):
    plan, execution = completed_drill(drills, ["erp-app-01"])
    through_gateway = gateway.get("/executions/" + execution["executionId"])
    assert through_gateway.status == 200, through_gateway
    assert through_gateway.body == get_execution(api, execution["executionId"])
    assert through_gateway.headers.get("access-control-allow-origin") == "*"


# ---------------------------------------------------------------------------------------------
# Failure and cancel


def test_failed_launch_fails_the_execution_and_stops_later_waves(exec_stack, drills, api):
    plan = drills.plan(["hr-web-01", FAILING, "hr-web-02"])
    calls_before = start_recovery_calls(exec_stack)
    execution_id = started(api, plan["id"])
    failed = wait_status(api, execution_id, {"completed", "failed", "cancelled"}, timeout=30)
    assert failed["status"] == "failed", failed
    assert_execution_shape(failed)
    message = failed["errorMessage"]
    assert isinstance(message, str) and message, failed
    assert "Wave 2" in message or plan["waves"][1]["name"] in message, message
    assert server_id(FAILING) in message or FAILING in message, message
    assert failed["currentWave"] == 2, failed
    assert_timestamp(failed["endTime"])
    first, second, third = failed["waves"]
    assert first["status"] == "completed"
    assert second["status"] == "failed", second
    assert second["jobId"], second
    [server] = second["servers"]
    assert server["sourceServerId"] == server_id(FAILING)
    assert server["launchStatus"] == "FAILED", server
    assert server["recoveryInstanceId"] is None, server
    assert server.get("error"), server
    # Wave 3 never started.
    assert third["status"] in ("pending", "not_started"), third
    assert third["jobId"] is None and third["startTime"] is None, third
    assert all(s["launchStatus"] not in ("LAUNCHED", "IN_PROGRESS") for s in third["servers"]), third
    assert start_recovery_calls(exec_stack) == calls_before + 2
    plan_now = api.get("/recovery-plans/" + plan["id"]).body
    assert plan_now["lastExecutionStatus"].lower() == "failed"
    # Terminal: neither pausable, resumable nor cancellable.
    assert_error(
        api.post("/executions/%s/pause" % execution_id, {}), 400, "EXECUTION_NOT_PAUSABLE", currentStatus="FAILED"
    )
    assert_error(
        api.post("/executions/%s/resume" % execution_id, {}), 400, "EXECUTION_NOT_PAUSED", currentStatus="FAILED"
    )
    assert_error(
        api.post("/executions/%s/cancel" % execution_id, {}), 400, "EXECUTION_NOT_CANCELLABLE", currentStatus="FAILED"
    )


def test_cancel_mid_wave(exec_stack, drills, api, gateway):
    plan = drills.plan(["orders-app-03", "orders-web-03", "rpt-web-01"])
    with job_timings(exec_stack, 500, 3000):
        calls_before = start_recovery_calls(exec_stack)
        execution_id = started(api, plan["id"])
        running = wait_for(
            lambda: (lambda e: e if e["waves"][0]["jobId"] else None)(get_execution(api, execution_id)),
            15,
            what="wave 1's job",
        )
        assert running["status"] == "running", running
        # The guide's CLI example: POST /executions/{id}/cancel with '{}'.
        cancel = gateway.post("/executions/%s/cancel" % execution_id, {})
        assert cancel.status == 200, cancel
        assert cancel.body["status"] == "cancelling", cancel
        assert [w["status"] for w in cancel.body["waves"][1:]] == ["cancelled", "cancelled"], cancel
        # Cancelling again is accepted and changes nothing.
        again = api.post("/executions/%s/cancel" % execution_id, {})
        assert again.status == 200 and again.body["status"] in ("cancelling", "cancelled"), again
        # Not pausable, not resumable while cancelling.
        if get_execution(api, execution_id)["status"] == "cancelling":
            assert_error(
                api.post("/executions/%s/resume" % execution_id, {}),
                400,
                "EXECUTION_NOT_PAUSED",
                currentStatus="CANCELLING",
            )
        done = wait_status(api, execution_id, {"completed", "failed", "cancelled"}, timeout=30)
    assert done["status"] == "cancelled", done
    assert_timestamp(done["endTime"])
    first, second, third = done["waves"]
    # The job in flight ran to its end and its outcome is recorded.
    assert first["status"] == "completed", first
    assert first["servers"][0]["launchStatus"] == "LAUNCHED"
    for later in (second, third):
        assert later["status"] in ("cancelled", "pending"), later
        assert later["jobId"] is None and later["startTime"] is None, later
    assert start_recovery_calls(exec_stack) == calls_before + 1
    time.sleep(1.0)
    assert start_recovery_calls(exec_stack) == calls_before + 1
    assert get_execution(api, execution_id)["status"] == "cancelled"
    assert api.get("/recovery-plans/" + plan["id"]).body["lastExecutionStatus"].lower() == "cancelled"
    assert_error(
        api.post("/executions/%s/cancel" % execution_id, {}),
        400,
        "EXECUTION_NOT_CANCELLABLE",
        currentStatus="CANCELLED",
    )


def test_cancel_while_paused_is_immediate(exec_stack, drills, api):
    plan = drills.plan(["capi-web-01", "capi-web-02"], pauses=[1])
    calls_before = start_recovery_calls(exec_stack)
    execution_id = started(api, plan["id"])
    paused = wait_status(api, execution_id, "paused", timeout=15)
    assert paused["pausedBeforeWave"] == 1 and all(w["jobId"] is None for w in paused["waves"]), paused
    cancel = api.post("/executions/%s/cancel" % execution_id, {})
    assert cancel.status == 200 and cancel.body["status"] == "cancelled", cancel
    assert [w["status"] for w in cancel.body["waves"]] == ["cancelled", "cancelled"], cancel
    assert start_recovery_calls(exec_stack) == calls_before


def test_manual_pause_takes_effect_at_the_wave_boundary(exec_stack, drills, api):
    plan = drills.plan(["erp-db-01", "hr-app-01"])
    with job_timings(exec_stack, 300, 2500):
        calls_before = start_recovery_calls(exec_stack)
        execution_id = started(api, plan["id"])
        wait_for(lambda: get_execution(api, execution_id)["waves"][0]["jobId"], 15, what="wave 1's job")
        pause = api.post("/executions/%s/pause" % execution_id, {})
        assert pause.status == 200, pause
        assert pause.body["status"] == "pause_pending", pause
        # Resume withdraws a pending pause; pause again.
        resumed = api.post("/executions/%s/resume" % execution_id, {})
        assert resumed.status == 200 and resumed.body["status"] == "running", resumed
        assert api.post("/executions/%s/pause" % execution_id, {}).body["status"] == "pause_pending"
        paused = wait_status(api, execution_id, {"paused", "completed", "failed", "cancelled"}, timeout=20)
        assert paused["status"] == "paused", paused
        assert paused["currentWave"] == 1 and paused["pausedBeforeWave"] == 2, paused
        assert [w["status"] for w in paused["waves"]] == ["completed", "pending"]
        assert start_recovery_calls(exec_stack) == calls_before + 1
        # Pausing a paused execution is refused.
        assert_error(
            api.post("/executions/%s/pause" % execution_id, {}), 400, "EXECUTION_NOT_PAUSABLE", currentStatus="PAUSED"
        )
        assert api.post("/executions/%s/resume" % execution_id, {}).status == 200
        wait_for(lambda: get_execution(api, execution_id)["waves"][1]["jobId"], 15, what="wave 2's job")
        # The last wave is running: nothing left to pause before.
        error = assert_error(api.post("/executions/%s/pause" % execution_id, {}), 400, "NO_PENDING_WAVES")
        assert error["executionId"] == execution_id
        done = wait_status(api, execution_id, {"completed", "failed", "cancelled"}, timeout=20)
    assert done["status"] == "completed", done
    assert start_recovery_calls(exec_stack) == calls_before + 2


# ---------------------------------------------------------------------------------------------
# Refused commands: the guide's error bodies


def test_pause_of_a_single_wave_execution(exec_stack, drills, api):
    plan = drills.plan(["capi-app-01"])
    with job_timings(exec_stack, 300, 2500):
        execution_id = started(api, plan["id"])
        wait_for(lambda: get_execution(api, execution_id)["waves"][0]["jobId"], 15, what="wave 1's job")
        error = assert_error(api.post("/executions/%s/pause" % execution_id, {}), 400, "SINGLE_WAVE_NOT_PAUSABLE")
        assert error["executionId"] == execution_id
        assert error["waveCount"] == 1
        assert isinstance(error["reason"], str) and error["reason"]
        # Resume of a running execution.
        error = assert_error(
            api.post("/executions/%s/resume" % execution_id, {}), 400, "EXECUTION_NOT_PAUSED", currentStatus="RUNNING"
        )
        assert error["executionId"] == execution_id
        # DELETE of an active execution.
        assert_error(api.delete("/executions/" + execution_id), 409, "EXECUTION_ACTIVE")
        done = wait_terminal(api, execution_id, timeout=20)
    assert done["status"] == "completed", done


def test_commands_on_a_completed_execution(drills, api, gateway):
    plan, execution = completed_drill(drills, ["capi-app-02", "capi-db-01"])
    execution_id = execution["executionId"]
    for transport in (api, gateway):
        error = assert_error(
            transport.post("/executions/%s/pause" % execution_id, {}),
            400,
            "EXECUTION_NOT_PAUSABLE",
            executionId=execution_id,
            currentStatus="COMPLETED",
        )
        assert "RUNNING" in error["pausableStatuses"] and "COMPLETED" not in error["pausableStatuses"], error
        assert isinstance(error["reason"], str) and error["reason"]
        assert "COMPLETED" in error["message"]
        error = assert_error(
            transport.post("/executions/%s/cancel" % execution_id, {}),
            400,
            "EXECUTION_NOT_CANCELLABLE",
            executionId=execution_id,
            currentStatus="COMPLETED",
        )
        assert {"RUNNING", "PAUSED", "PENDING"} <= set(error["cancellableStatuses"]), error
        assert not {"COMPLETED", "FAILED", "CANCELLED"} & set(error["cancellableStatuses"]), error
        assert isinstance(error["reason"], str) and error["reason"]
        assert_error(
            transport.post("/executions/%s/resume" % execution_id, {}),
            400,
            "EXECUTION_NOT_PAUSED",
            currentStatus="COMPLETED",
        )
    assert get_execution(api, execution_id) == execution


def test_commands_on_an_unknown_execution(api):
    for path in ("/executions/%s" % PLACEHOLDER_ID,):
        assert_error(api.get(path), 404, "EXECUTION_NOT_FOUND")
        assert_error(api.delete(path), 404, "EXECUTION_NOT_FOUND")
    for action in ("pause", "resume", "cancel", "terminate-instances"):
        assert_error(api.post("/executions/%s/%s" % (PLACEHOLDER_ID, action), {}), 404, "EXECUTION_NOT_FOUND")


# ---------------------------------------------------------------------------------------------
# Start errors


def test_start_missing_fields(drills, api, gateway):
    plan = drills.plan(["capi-web-03"])
    for transport in (api, gateway):
        error = assert_error(transport.post("/executions", {}), 400, "MISSING_FIELD")
        assert error.get("field") in ("recoveryPlanId", "planId"), error
        error = assert_error(transport.post("/executions", {"executionType": "DRILL"}), 400, "MISSING_FIELD")
        assert error.get("field") in ("recoveryPlanId", "planId"), error
        error = assert_error(transport.post("/executions", {"recoveryPlanId": plan["id"]}), 400, "MISSING_FIELD")
        assert error.get("field") == "executionType", error
    # A bodiless POST is `{}`.
    assert_error(gateway.post("/executions"), 400, "MISSING_FIELD")


@pytest.mark.parametrize("execution_type", ["TEST", "drills", "FAILOVER"])
def test_start_bad_execution_type(drills, api, execution_type):
    plan = drills.plan(["capi-web-03"])
    error = assert_error(start(api, plan["id"], execution_type), 400, "INVALID_EXECUTION_TYPE")
    assert api.get("/executions", {"planId": plan["id"]}).body["items"] == []
    assert "DRILL" in error["message"] or "DRILL" in str(error.get("allowedValues")), error


def test_start_unknown_plan(api):
    error = assert_error(start(api, PLACEHOLDER_ID), 404, "RECOVERY_PLAN_NOT_FOUND")
    assert PLACEHOLDER_ID in error["message"] or error.get("planId") == PLACEHOLDER_ID or True
    # The field check comes first.
    assert_error(start(api, PLACEHOLDER_ID, "NOPE"), 400, "INVALID_EXECUTION_TYPE")


def test_start_with_unhealthy_replication(exec_stack, drills, api):
    plan = drills.plan(["capi-web-03", "rpt-db-01"])
    calls_before = start_recovery_calls(exec_stack)
    error = assert_error(start(api, plan["id"]), 400, "UNHEALTHY_SERVER_REPLICATION")
    assert server_id("rpt-db-01") in str(error), error
    assert server_id("capi-web-03") not in str(error.get("unhealthyServers", error)), error
    assert api.get("/executions", {"planId": plan["id"]}).body["items"] == []
    assert start_recovery_calls(exec_stack) == calls_before
    # Nothing is left behind: the plan is not executing.
    plan_now = api.get("/recovery-plans/" + plan["id"]).body
    assert plan_now["lastExecutionId"] in (None, "")


def test_start_case_insensitive_type_and_pascal_case_body(drills, api):
    plan = drills.plan(["analytics-app-01"], pauses=[1])
    response = api.post("/executions", {"PlanId": plan["id"], "ExecutionType": "drill", "InitiatedBy": "pascal"})
    assert response.status == 202, response
    execution_id = response.body["ExecutionId"]
    assert response.body["executionType"] == "DRILL"
    execution = wait_status(api, execution_id, "paused", timeout=15)
    assert execution["initiatedBy"] == "pascal" and execution["executionType"] == "DRILL"
    assert execution["recoveryPlanId"] == plan["id"]
    assert execution["invocationSource"] in (None, "API", "LAMBDA", "")
    assert api.post("/executions/%s/cancel" % execution_id, {}).body["status"] == "cancelled"
    # recoveryPlanId's other alias, and initiatedBy defaulted for a direct invocation (IAM decided: "iam").
    response = api.post("/executions", {"planId": plan["id"], "executionType": "Drill"})
    assert response.status == 202, response
    execution = get_execution(api, response.body["executionId"])
    assert execution["initiatedBy"] == "iam", execution
    assert api.post("/executions/%s/cancel" % execution["executionId"], {}).status == 200
    wait_terminal(api, execution["executionId"])


def test_initiated_by_defaults_to_the_cognito_identity_through_the_gateway(drills, gateway, api):
    plan = drills.plan(["analytics-app-01"], pauses=[1])
    response = gateway.post("/executions", {"recoveryPlanId": plan["id"], "executionType": "DRILL"})
    assert response.status == 202, response
    execution = get_execution(api, response.body["executionId"])
    assert isinstance(execution["initiatedBy"], str) and execution["initiatedBy"], execution
    api.post("/executions/%s/cancel" % execution["executionId"], {})
    wait_terminal(api, execution["executionId"])


def test_plan_already_executing_and_delete(drills, api):
    plan = drills.plan(["capi-web-01", "capi-web-02"], pauses=[2])
    execution_id = started(api, plan["id"])
    error = assert_error(start(api, plan["id"]), 409, "PLAN_ALREADY_EXECUTING")
    assert error.get("activeExecutions") in (None, [execution_id]), error
    # The plan cannot change or go while it executes.
    assert_error(api.delete("/recovery-plans/" + plan["id"]), 409, "PLAN_HAS_ACTIVE_EXECUTION")
    paused = wait_status(api, execution_id, "paused", timeout=15)
    assert paused["currentWave"] == 1
    assert_error(api.delete("/executions/" + execution_id), 409, "EXECUTION_ACTIVE")
    assert api.post("/executions/%s/cancel" % execution_id, {}).body["status"] == "cancelled"
    deleted = api.delete("/executions/" + execution_id)
    assert deleted.status == 200, deleted
    assert_error(api.get("/executions/" + execution_id), 404, "EXECUTION_NOT_FOUND")
    assert_error(api.delete("/executions/" + execution_id), 404, "EXECUTION_NOT_FOUND")
    assert execution_id not in {e["executionId"] for e in list_all(api, "/executions", "items")[0]}
    # The plan is free again.
    again = started(api, plan["id"])
    api.post("/executions/%s/cancel" % again, {})
    wait_terminal(api, again)


def test_server_conflict_between_plans(drills, api):
    first = drills.plan(["capi-db-01", "capi-web-03"], pauses=[1])
    second = drills.plan(["capi-web-03"])
    execution_id = started(api, first["id"])
    error = assert_error(start(api, second["id"]), 409, "SERVER_CONFLICT")
    assert error["conflicts"] == [
        {
            "serverId": server_id("capi-web-03"),
            "hostname": "capi-web-03",
            "conflictingExecutionId": execution_id,
            "conflictingPlanName": first["name"],
        }
    ], error
    [other] = error["conflictingExecutions"]
    assert other["executionId"] == execution_id and other["planName"] == first["name"], other
    assert other["serverCount"] == 2 and isinstance(other["status"], str), other
    # The plan view shows the conflict as well.
    plan_view = api.get("/recovery-plans/" + second["id"]).body
    assert plan_view["hasServerConflict"] is True, plan_view
    api.post("/executions/%s/cancel" % execution_id, {})
    wait_terminal(api, execution_id)
    assert api.get("/recovery-plans/" + second["id"]).body["hasServerConflict"] is False


# ---------------------------------------------------------------------------------------------
# Idempotency


def test_client_token(drills, api):
    plan = drills.plan(["analytics-app-01"], pauses=[1])
    other = drills.plan(["capi-app-01"], pauses=[1])
    token = "token-" + uid()
    first = start(api, plan["id"], clientToken=token)
    assert first.status == 202, first
    execution_id = first.body["executionId"]
    retry = start(api, plan["id"], clientToken=token)
    assert retry.status == 202, retry
    assert retry.body["executionId"] == execution_id and retry.body["ExecutionId"] == execution_id
    pascal = api.post("/executions", {"PlanId": plan["id"], "ExecutionType": "DRILL", "ClientToken": token})
    assert pascal.status == 202 and pascal.body["executionId"] == execution_id, pascal
    assert [e["executionId"] for e in api.get("/executions", {"planId": plan["id"]}).body["items"]] == [execution_id]
    # The same token for another plan.
    error = assert_error(start(api, other["id"], clientToken=token), 409, "IDEMPOTENCY_CONFLICT")
    assert api.get("/executions", {"planId": other["id"]}).body["items"] == []
    assert error["message"]
    # Without the token, the plan is busy.
    assert_error(start(api, plan["id"]), 409, "PLAN_ALREADY_EXECUTING")
    api.post("/executions/%s/cancel" % execution_id, {})
    wait_terminal(api, execution_id)


# ---------------------------------------------------------------------------------------------
# List


def test_list_newest_first_with_paging_and_filters(drills, api, gateway):
    plan = drills.plan(["capi-db-01"], pauses=[1])
    ids = []
    for _ in range(4):
        execution_id = started(api, plan["id"])
        ids.append(execution_id)
        wait_status(api, execution_id, "paused", timeout=15)
        assert api.post("/executions/%s/cancel" % execution_id, {}).body["status"] == "cancelled"
    newest_first = list(reversed(ids))
    # planId filter, newest first.
    listed = api.get("/executions", {"planId": plan["id"]})
    assert listed.status == 200, listed
    assert [e["executionId"] for e in listed.body["items"]] == newest_first
    assert listed.body["count"] == 4 and not listed.body.get("nextToken")
    for item in listed.body["items"]:
        assert item["status"] == "cancelled" and item["recoveryPlanId"] == plan["id"]
    # limit + nextToken, through both transports.
    for transport in (api, gateway):
        items, pages = list_all(transport, "/executions", "items", {"planId": plan["id"]}, limit=1)
        assert [e["executionId"] for e in items] == newest_first
        assert len(pages) >= 4 and all(page["count"] == len(page["items"]) <= 1 for page in pages)
    # status filter (case-insensitive), combined with planId.
    assert [
        e["executionId"] for e in api.get("/executions", {"planId": plan["id"], "status": "CANCELLED"}).body["items"]
    ] == newest_first
    assert api.get("/executions", {"planId": plan["id"], "status": "completed"}).body["items"] == []
    # Across the whole table: newest first over every page, nothing twice.
    everything, _ = list_all(api, "/executions", "items", limit=3)
    all_ids = [e["executionId"] for e in everything]
    assert len(all_ids) == len(set(all_ids))
    starts = [e["startTime"] for e in everything]
    assert starts == sorted(starts, reverse=True)
    assert all_ids.index(newest_first[0]) < all_ids.index(newest_first[-1])
    unpaged = api.get("/executions", {"limit": "200"}).body
    assert [e["executionId"] for e in unpaged["items"]] == all_ids
    # status filter across the table.
    completed = api.get("/executions", {"status": "completed", "limit": "200"}).body["items"]
    assert all(e["status"] == "completed" for e in completed)
    assert {e["executionId"] for e in completed} == {e["executionId"] for e in everything if e["status"] == "completed"}
    assert_error(api.get("/executions", {"limit": "zero"}), 400, "INVALID_REQUEST")


# ---------------------------------------------------------------------------------------------
# Drill clean-up, delete, execute route


def test_terminate_instances_after_a_drill(exec_stack, drills, api, gateway):
    plan, execution = completed_drill(drills, ["hr-web-01", "hr-web-02"])
    execution_id = execution["executionId"]
    launched = sorted(s["recoveryInstanceId"] for w in execution["waves"] for s in w["servers"])
    assert len(launched) == 2 and all(launched)
    response = gateway.post("/executions/%s/terminate-instances" % execution_id, {})
    assert response.status == 200, response
    body = response.body
    assert body["executionId"] == execution_id
    assert body["terminatedCount"] == 2, body
    assert sorted(t["recoveryInstanceId"] for t in body["terminated"]) == launched
    assert {t["sourceServerId"] for t in body["terminated"]} == set(ids_of(["hr-web-01", "hr-web-02"]))
    assert len(body["jobs"]) == 1 and body["jobs"][0]["region"] == "us-east-1", body
    # A second call (a retry) terminates nothing more.
    second = api.post("/executions/%s/terminate-instances" % execution_id, {})
    assert second.status == 200, second
    assert second.body["terminatedCount"] == 0 and second.body["terminated"] == [], second.body


def test_terminate_instances_once_the_termination_has_finished(exec_stack, drills, api):
    plan, execution = completed_drill(drills, ["orders-app-03"])
    execution_id = execution["executionId"]
    first = api.post("/executions/%s/terminate-instances" % execution_id, {})
    assert first.status == 200 and first.body["terminatedCount"] == 1, first
    time.sleep(1.5)  # the TERMINATE job (0.3 s + 0.7 s) has ended
    second = api.post("/executions/%s/terminate-instances" % execution_id, {})
    assert second.status == 200, second
    assert second.body["terminatedCount"] == 0, second.body


def test_terminate_instances_of_an_active_execution(drills, api):
    plan = drills.plan(["orders-web-03"], pauses=[1])
    execution_id = started(api, plan["id"])
    assert_error(api.post("/executions/%s/terminate-instances" % execution_id, {}), 409, "EXECUTION_ACTIVE")
    api.post("/executions/%s/cancel" % execution_id, {})
    wait_terminal(api, execution_id)


def test_delete_finished_execution(drills, api, gateway):
    plan, execution = completed_drill(drills, ["rpt-web-01"])
    execution_id = execution["executionId"]
    deleted = gateway.delete("/executions/" + execution_id)
    assert deleted.status == 200, deleted
    assert deleted.body.get("executionId") in (None, execution_id)
    assert_error(api.get("/executions/" + execution_id), 404, "EXECUTION_NOT_FOUND")
    assert_error(gateway.delete("/executions/" + execution_id), 404, "EXECUTION_NOT_FOUND")
    assert api.get("/executions", {"planId": plan["id"]}).body["items"] == []


def test_execute_route_of_a_plan(exec_stack, drills, api, gateway):
    plan = drills.plan(["orders-app-03", "orders-web-03"])
    calls_before = start_recovery_calls(exec_stack)
    response = gateway.post(
        "/recovery-plans/%s/execute" % plan["id"], {"executionType": "DRILL", "initiatedBy": "execute-route"}
    )
    assert response.status == 202, response
    execution_id = response.body["executionId"]
    assert response.body["ExecutionId"] == execution_id and response.body["planId"] == plan["id"]
    assert response.body["status"] == "pending"
    # The path's plan wins over a body's.
    other = drills.plan(["rpt-web-01"])
    assert_error(
        api.post("/recovery-plans/%s/execute" % plan["id"], {"executionType": "DRILL", "recoveryPlanId": other["id"]}),
        409,
        "PLAN_ALREADY_EXECUTING",
    )
    done = wait_terminal(api, execution_id)
    # Through API Gateway the signed-in caller is recorded, not the body's initiatedBy (spec §5).
    assert done["status"] == "completed" and done["initiatedBy"] == "admin@example.com", done
    assert start_recovery_calls(exec_stack) == calls_before + 2
    assert_error(
        api.post("/recovery-plans/%s/execute" % PLACEHOLDER_ID, {"executionType": "DRILL"}),
        404,
        "RECOVERY_PLAN_NOT_FOUND",
    )
    assert_error(api.post("/recovery-plans/%s/execute" % plan["id"], {}), 400, "MISSING_FIELD")


def test_recovery_execution_type(exec_stack, drills, api):
    plan = drills.plan(["erp-app-01"])
    execution_id = started(api, plan["id"], "recovery")
    done = wait_terminal(api, execution_id)
    assert done["status"] == "completed" and done["executionType"] == "RECOVERY", done
    # A recovery's instances are kept: terminate-instances is for drills.
    response = api.post("/executions/%s/terminate-instances" % execution_id, {})
    assert response.status == 400, response
