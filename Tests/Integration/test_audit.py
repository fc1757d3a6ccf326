"""The audit trail on the local stack (spec §5), with real IdTokens from drs-local's Cognito in moto.

* A group and a plan name who created them and who changed them last (`createdBy`, `updatedBy`):
  an admin through API Gateway, a direct (IAM) invocation as `iam`.
* A drill started by an operator, paused before wave 2 (`pauseBeforeWave`), resumed by an admin and
  cleaned up by the operator: `GET /executions/{id}` lists each wave's start and end with their
  times, the pause, and who resumed and who cleaned up.
* Every mutation writes one JSON audit line (who, role, action, resource id, result); reads none.
"""

import json


from helpers_executions import exec_stack_fixture, get_execution, wait_status
from helpers_resources import Api, server_id, uid
from test_auth import call

ADMIN, OPERATOR = "admin@example.com", "operator@example.com"


audit_stack = exec_stack_fixture("drs-local-audit")


def audit_lines(stack):
    """The function's audit lines in the stack's log, parsed."""
    lines = []
    for line in stack.log().splitlines():
        if '"logger":"audit"' in line:
            lines.append(json.loads(line[line.index("{") :]))
    return lines


def test_groups_and_plans_name_their_creator_and_last_editor(audit_stack):
    sfx = uid()
    status, group, _ = call(
        audit_stack,
        "POST",
        "/protection-groups",
        role="admin",
        body={"name": "Audit web %s" % sfx, "region": "us-east-1", "sourceServerIds": [server_id("orders-web-01")]},
    )
    assert status == 201, group
    assert (group["createdBy"], group["updatedBy"]) == (ADMIN, ADMIN), group

    # A body cannot name someone else; a direct invocation (IAM) is "iam".
    direct = Api(audit_stack, "invoke")
    edited = direct.put("/protection-groups/" + group["id"], {"description": "edited", "updatedBy": "mallory"})
    assert edited.status == 200, edited
    status, fetched, _ = call(audit_stack, "GET", "/protection-groups/" + group["id"], role="read-only")
    assert status == 200 and (fetched["createdBy"], fetched["updatedBy"]) == (ADMIN, "iam"), fetched

    created = direct.post(
        "/recovery-plans", {"name": "Audit plan %s" % sfx, "waves": [{"name": "W", "protectionGroupId": group["id"]}]}
    )
    assert created.status == 201, created
    plan_id = created.body["id"]
    status, renamed, _ = call(
        audit_stack, "PUT", "/recovery-plans/" + plan_id, role="admin", body={"name": "Audit plan renamed %s" % sfx}
    )
    assert status == 200, renamed
    plans = direct.get("/recovery-plans", {"nameExact": "Audit plan renamed %s" % sfx}).body["plans"]
    assert [(p["createdBy"], p["updatedBy"]) for p in plans] == [("iam", ADMIN)], plans

    # One audit line per mutation, none for the reads; a refused one too, with its code.
    status, _, _ = call(audit_stack, "DELETE", "/recovery-plans/" + plan_id, role="operator")
    assert status == 403
    lines = [line for line in audit_lines(audit_stack) if line["resourceId"] in (group["id"], plan_id)]
    assert [(line["who"], line["role"], line["action"], line["status"], line["result"]) for line in lines] == [
        (ADMIN, "admin", "POST /protection-groups", 201, "OK"),
        ("iam", "admin", "PUT /protection-groups/{id}", 200, "OK"),
        ("iam", "admin", "POST /recovery-plans", 201, "OK"),
        (ADMIN, "admin", "PUT /recovery-plans/{id}", 200, "OK"),
        (OPERATOR, "operator", "DELETE /recovery-plans/{id}", 403, "FORBIDDEN"),
    ], lines

    assert direct.delete("/recovery-plans/" + plan_id).status == 200
    assert direct.delete("/protection-groups/" + group["id"]).status == 200


def test_a_drills_events_name_who_resumed_and_who_cleaned_up(audit_stack):
    sfx = uid()
    direct = Api(audit_stack, "invoke")
    groups = []
    for hostname in ["orders-db-01", "orders-app-01"]:
        status, group, _ = call(
            audit_stack,
            "POST",
            "/protection-groups",
            role="admin",
            body={
                "name": "Audit %s %s" % (hostname, sfx),
                "region": "us-east-1",
                "sourceServerIds": [server_id(hostname)],
            },
        )
        assert status == 201, group
        groups.append(group["id"])
    status, plan, _ = call(
        audit_stack,
        "POST",
        "/recovery-plans",
        role="admin",
        body={
            "name": "Audit drill %s" % sfx,
            "waves": [
                {"name": "DB", "protectionGroupId": groups[0]},
                {"name": "App", "protectionGroupId": groups[1], "pauseBeforeWave": True},
            ],
        },
    )
    assert status == 201, plan

    status, started, _ = call(
        audit_stack,
        "POST",
        "/executions",
        role="operator",
        body={"recoveryPlanId": plan["id"], "executionType": "DRILL", "initiatedBy": "someone"},
    )
    assert status == 202, started
    execution_id = started["executionId"]
    wait_status(direct, execution_id, "paused", timeout=60)
    status, resumed, _ = call(audit_stack, "POST", "/executions/%s/resume" % execution_id, role="admin")
    assert status == 200, resumed
    wait_status(direct, execution_id, "completed", timeout=60)
    status, cleaned, _ = call(audit_stack, "POST", "/executions/%s/terminate-instances" % execution_id, role="operator")
    assert status == 200 and cleaned["terminatedCount"] == 2, cleaned

    status, execution, _ = call(audit_stack, "GET", "/executions/" + execution_id, role="read-only")
    assert status == 200, execution
    assert execution["initiatedBy"] == OPERATOR, execution
    summary = [(event["type"], event.get("waveNumber"), event.get("by")) for event in execution["events"]]
    assert summary == [
        ("STARTED", None, OPERATOR),
        ("WAVE_STARTED", 1, None),
        ("WAVE_COMPLETED", 1, None),
        ("PAUSED", 2, None),
        ("RESUMED", 2, ADMIN),
        ("WAVE_STARTED", 2, None),
        ("WAVE_COMPLETED", 2, None),
        ("COMPLETED", None, None),
        ("INSTANCES_TERMINATED", None, OPERATOR),
    ], execution["events"]
    assert execution["eventsDropped"] == 0
    # Each wave's start and end carry the wave's own times; the trail is oldest first.
    times = {(event["type"], event.get("waveNumber")): event["at"] for event in execution["events"]}
    for wave in execution["waves"]:
        assert times[("WAVE_STARTED", wave["waveNumber"])] == wave["startTime"], (wave, times)
        assert times[("WAVE_COMPLETED", wave["waveNumber"])] == wave["endTime"], (wave, times)
    stamps = [event["at"] for event in execution["events"]]
    assert stamps == sorted(stamps), stamps
    # Lists leave the trail out; the execution read keeps it.
    items = direct.get("/executions", {"planId": plan["id"]}).body["items"]
    assert [item["executionId"] for item in items] == [execution_id] and "events" not in items[0], items
    assert get_execution(direct, execution_id)["events"] == execution["events"]

    lines = [line for line in audit_lines(audit_stack) if line["resourceId"] == execution_id]
    assert [(line["who"], line["role"], line["action"], line["result"]) for line in lines] == [
        (OPERATOR, "operator", "POST /executions", "OK"),
        (ADMIN, "admin", "POST /executions/{id}/resume", "OK"),
        (OPERATOR, "operator", "POST /executions/{id}/terminate-instances", "OK"),
    ], lines
