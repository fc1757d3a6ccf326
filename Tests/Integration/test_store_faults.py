"""The store under DynamoDB faults, on the real binaries: a fault-injecting proxy (fault_proxy.py)
between the functions and moto drops the answers of applied writes and answers 5xx before
forwarding. A caller learns the truth about its own request: the success it was, never a conflict
with itself, never a 500.
"""

import copy
import json
import os
import subprocess
import sys
import urllib.request

import pytest

from stack import free_port
from helpers_resources import Api, INVENTORY, start_stack, uid

REGION = "ap-southeast-2"
PROXY = os.path.join(os.path.dirname(__file__), "fault_proxy.py")


# Servers of the private inventory: 0-99 for the swap, 100-105 for the 5xx test, 107-109 one per test.
SERVERS = 110


def server_ids(count):
    return ["s-%017x" % (0xFA0000 + index) for index in range(count)]


def write_inventory(path, count):
    """`count` healthy servers in REGION, in the describe-source-servers format."""
    template = INVENTORY["regions"]["us-east-1"]["items"][0]
    items = []
    for index, server in enumerate(server_ids(count)):
        item = copy.deepcopy(template)
        item["sourceServerID"] = server
        item["arn"] = "arn:aws:drs:%s:123456789012:source-server/%s" % (REGION, server)
        item["tags"] = {"Fault": "swap-%03d" % index}
        item["sourceProperties"]["identificationHints"]["hostname"] = "swap-%03d" % index
        item["dataReplicationInfo"]["dataReplicationState"] = "CONTINUOUS"
        items.append(item)
    with open(path, "w") as f:
        json.dump({"items": items}, f)


class Proxy:
    def __init__(self, port, process):
        self.url = "http://127.0.0.1:%d" % port
        self.process = process

    def faults(self, rules, seed=0):
        body = json.dumps({"rules": rules, "seed": seed}).encode()
        request = urllib.request.Request(self.url + "/__faults", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def counters(self):
        with urllib.request.urlopen(self.url + "/__faults", timeout=10) as response:
            return json.loads(response.read())["counters"]


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """A private stack whose functions reach moto only through the fault proxy."""
    log_dir = tmp_path_factory.mktemp("store-faults")
    inventory = str(log_dir / "inventory.json")
    write_inventory(inventory, SERVERS)
    moto_port, proxy_port = free_port(0), free_port(0)
    process = subprocess.Popen(
        [sys.executable, PROXY, str(proxy_port), str(moto_port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout.readline().decode().startswith("ready"), "the fault proxy did not start"
    proxy = Proxy(proxy_port, process)
    stack = start_stack(
        log_dir,
        extra_args=[
            "--moto-port",
            str(moto_port),
            "--dynamodb-endpoint-for-functions",
            proxy.url,
            "--drs-inventory",
            inventory,
            "--drs-inventory-region",
            REGION,
        ],
    )
    try:
        yield stack, proxy
    finally:
        stack.stop()
        process.terminate()
        process.wait(timeout=10)


def create_group(api, name, servers):
    return api.post("/protection-groups", {"name": name, "region": REGION, "sourceServerIds": servers})


def named(api, path, key, name):
    page = api.get(path, {"name": name})
    return [item for item in page.body[key] if item["name"] == name]


def test_a_group_create_whose_answer_is_lost_answers_201(faulty):
    stack, proxy = faulty
    api = Api(stack)
    name = "lost-create-" + uid()
    proxy.faults([{"action": "drop_answer", "target": "TransactWriteItems", "body_contains": name, "count": 1}])
    reply = create_group(api, name, server_ids(SERVERS)[109:110])
    dropped = proxy.counters()
    proxy.faults([])
    assert dropped.get("dropped:TransactWriteItems") == 1
    assert reply.status == 201, reply.body
    assert [group["id"] for group in named(api, "/protection-groups", "groups", name)] == [reply.body["id"]]
    assert api.delete("/protection-groups/" + reply.body["id"]).status == 200


def test_a_start_whose_answer_is_lost_answers_202_and_creates_one_execution(faulty):
    stack, proxy = faulty
    api = Api(stack)
    group = create_group(api, "lost-start-" + uid(), server_ids(SERVERS)[108:109])
    assert group.status == 201, group.body
    plan = api.post(
        "/recovery-plans",
        {"name": "lost-start-" + uid(), "waves": [{"name": "W1", "protectionGroupId": group.body["id"]}]},
    )
    assert plan.status == 201, plan.body
    plan_id = plan.body["id"]
    proxy.faults(
        [{"action": "drop_answer", "target": "TransactWriteItems", "body_contains": "activeExecutionId", "count": 1}]
    )
    reply = api.post("/executions", {"recoveryPlanId": plan_id, "executionType": "DRILL"})
    dropped = proxy.counters()
    proxy.faults([])
    assert dropped.get("dropped:TransactWriteItems") == 1
    assert reply.status == 202, reply.body
    executions = api.get("/executions", {"planId": plan_id}).body["items"]
    assert [execution["executionId"] for execution in executions] == [reply.body["executionId"]]
    assert api.get("/recovery-plans/" + plan_id).body["lastExecutionId"] == reply.body["executionId"]


def test_replacing_50_explicit_servers_by_50_others_answers_200(faulty):
    stack, proxy = faulty
    api = Api(stack)
    servers = server_ids(SERVERS)
    # 1 record + 50 releases + 50 claims: more than one DynamoDB transaction holds.
    first, second = servers[0:50], servers[50:100]
    group = create_group(api, "swap-" + uid(), first)
    assert group.status == 201, group.body
    reply = api.put("/protection-groups/" + group.body["id"], {"sourceServerIds": second})
    assert reply.status == 200, reply.body
    assert reply.body["sourceServerIds"] == second and reply.body["version"] == 2
    # The old servers are free again, the new ones taken.
    old = create_group(api, "swap-old-" + uid(), first)
    assert old.status == 201, old.body
    taken = create_group(api, "swap-taken-" + uid(), second[:1])
    assert (taken.status, taken.body["error"]) == (409, "SERVER_CONFLICT")
    for created in (group, old):
        assert api.delete("/protection-groups/" + created.body["id"]).status == 200


def test_a_name_renamed_from_nfc_to_nfd_is_free_again_after_delete(faulty):
    stack, _ = faulty
    api = Api(stack)
    suffix = uid()
    composed, decomposed = "Caf\u00e9 " + suffix, "Cafe\u0301 " + suffix
    group = create_group(api, composed, server_ids(SERVERS)[107:108])
    assert group.status == 201, group.body
    renamed = api.put("/protection-groups/" + group.body["id"], {"name": decomposed})
    assert renamed.status == 200, renamed.body
    assert api.delete("/protection-groups/" + group.body["id"]).status == 200
    again = create_group(api, composed, server_ids(SERVERS)[107:108])
    assert again.status == 201, again.body
    assert api.delete("/protection-groups/" + again.body["id"]).status == 200


def test_fifteen_percent_dynamodb_5xx_are_absorbed_without_duplicates_or_500(faulty):
    stack, proxy = faulty
    api = Api(stack)

    def call(method, path, body=None):
        # 503 SERVICE_UNAVAILABLE is "safe to retry": a caller retries it, as the spec says.
        for _ in range(5):
            reply = api.call(method, path, body)
            assert reply.status != 500, reply.body
            if reply.status != 503:
                return reply
        return reply

    proxy.faults([{"action": "fail_before", "rate": 0.15, "status": 500}], seed=15)
    prefix = "flaky-" + uid()
    try:
        groups = []
        for index in range(6):
            reply = call(
                "POST",
                "/protection-groups",
                {
                    "name": "%s-%d" % (prefix, index),
                    "region": REGION,
                    "sourceServerIds": server_ids(SERVERS)[100 + index : 101 + index],
                },
            )
            assert reply.status == 201, reply.body
            groups.append(reply)
        plan = call(
            "POST",
            "/recovery-plans",
            {
                "name": prefix + "-plan",
                "waves": [
                    {"name": "W%d" % index, "protectionGroupId": group.body["id"]} for index, group in enumerate(groups)
                ],
            },
        )
        assert plan.status == 201, plan.body
        renamed = call("PUT", "/protection-groups/" + groups[0].body["id"], {"name": prefix + "-renamed"})
        assert renamed.status == 200, renamed.body
        failed = proxy.counters()
    finally:
        proxy.faults([])
    assert sum(count for key, count in failed.items() if key.startswith("failed:")) > 0
    # Exactly one of each, whatever was retried.
    listed = api.get("/protection-groups", {"name": prefix}).body["groups"]
    names = sorted(group["name"] for group in listed)
    assert names == sorted(["%s-%d" % (prefix, index) for index in range(1, 6)] + [prefix + "-renamed"])
    assert len(named(api, "/recovery-plans", "plans", prefix + "-plan")) == 1
