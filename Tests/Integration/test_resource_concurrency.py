"""Spec §2.1/§2.2 invariants under concurrent requests, not only sequential ones.

A private drs-local with `--instances 4` (four bootstrap processes behind the function, invocations
spread over them), so racing requests really are handled by different processes. Requests go through
the API Gateway emulator from threads released together by a barrier.
"""

import pytest

from helpers_resources import (
    Api,
    assert_error,
    explicit_group,
    outcome,
    plan_body,
    race,
    server_id,
    start_stack,
    tag_group,
    uid,
    wave,
)


@pytest.fixture(scope="module")
def private_stack(tmp_path_factory):
    stack = start_stack(tmp_path_factory.mktemp("drs-local-concurrency"), instances=4)
    yield stack
    stack.stop()


def test_fifty_creates_of_one_name(private_stack):
    name = "Racing PG %s" % uid()
    responses = race(
        private_stack,
        [("POST", "/protection-groups", tag_group(name, {"Owner": name, "Seq": str(n)})) for n in range(50)],
    )
    created = [r for r in responses if r.status == 201]
    assert len(created) == 1, outcome(responses)
    for response in responses:
        if response.status != 201:
            assert_error(response, 409, "PG_NAME_EXISTS")
    api = Api(private_stack, "invoke")
    listed = [g for g in api.get("/protection-groups").body["groups"] if g["name"].lower() == name.lower()]
    assert [g["id"] for g in listed] == [created[0].body["id"]]
    assert api.get("/protection-groups", {"name": name}).body["count"] == 1


def test_twenty_creates_claiming_one_server(private_stack):
    server = server_id("orders-db-01")
    prefix = "Claim %s" % uid()
    responses = race(
        private_stack,
        [("POST", "/protection-groups", explicit_group("%s %02d" % (prefix, n), [server])) for n in range(20)],
    )
    created = [r for r in responses if r.status == 201]
    assert len(created) == 1, outcome(responses)
    winner = created[0].body
    for response in responses:
        if response.status != 201:
            error = assert_error(response, 409, "SERVER_CONFLICT")
            assert [c["serverId"] for c in error["conflicts"]] == [server], error
            assert error["conflicts"][0]["assignedToGroupId"] == winner["id"], error
    api = Api(private_stack, "invoke")
    assert [g["id"] for g in api.get("/protection-groups", {"name": prefix}).body["groups"]] == [winner["id"]]
    view = api.get("/drs/source-servers", {"region": "us-east-1"}).body
    assignment = next(s for s in view["servers"] if s["sourceServerID"] == server)["assignedToProtectionGroup"]
    assert assignment == {
        "protectionGroupId": winner["id"],
        "protectionGroupName": winner["name"],
        "assignmentType": "explicit",
    }


def test_plan_create_racing_group_delete(private_stack):
    api = Api(private_stack, "invoke")
    outcomes = set()
    for round_ in range(12):
        sfx = uid()
        group = api.post("/protection-groups", tag_group("Doomed %s" % sfx, {"Owner": sfx}))
        assert group.status == 201, group
        group_id = group.body["id"]
        plan_name = "Racer %s" % sfx
        plan, delete = race(
            private_stack,
            [
                ("POST", "/recovery-plans", plan_body(plan_name, [wave("W", group_id)])),
                ("DELETE", "/protection-groups/" + group_id, None),
            ],
        )
        assert not (plan.status == 201 and delete.status == 200), ("both succeeded", plan, delete)
        if plan.status == 201:
            assert_error(delete, 409, "PG_IN_USE")
            assert delete.body["plans"] == [plan_name]
            assert api.get("/protection-groups/" + group_id).status == 200
            assert api.get("/recovery-plans/" + plan.body["id"]).status == 200
            outcomes.add("plan won")
        else:
            assert delete.status == 200, delete
            assert_error(plan, 404, "PROTECTION_GROUP_NOT_FOUND")
            assert api.get("/protection-groups/" + group_id).status == 404
            assert api.get("/recovery-plans", {"nameExact": plan_name}).body["plans"] == []
            outcomes.add("delete won")
    # Which side wins is timing; both outcomes are fine, mixed results are not.
    assert outcomes


def test_thirty_creates_of_one_plan_name(private_stack):
    api = Api(private_stack, "invoke")
    sfx = uid()
    group = api.post("/protection-groups", tag_group("Plan race group %s" % sfx, {"Owner": sfx}))
    assert group.status == 201, group
    name = "Racing plan %s" % sfx
    responses = race(
        private_stack,
        [("POST", "/recovery-plans", plan_body(name, [wave("W%d" % n, group.body["id"])])) for n in range(30)],
    )
    created = [r for r in responses if r.status == 201]
    assert len(created) == 1, outcome(responses)
    for response in responses:
        if response.status != 201:
            assert_error(response, 409, "RP_NAME_EXISTS")
    listed = api.get("/recovery-plans", {"nameExact": name}).body["plans"]
    assert [p["id"] for p in listed] == [created[0].body["id"]]
