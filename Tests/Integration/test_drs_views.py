"""DRS views (spec §4): /drs/source-servers and /drs/quotas against the simulator's inventory.

Servers this module claims explicitly: hr-web-01, hr-web-02 (us-east-1). Tag set: Application=Reporting.
"""

import pytest

from helpers_resources import (
    REPLICATING_STATES,
    SERVER_FIELDS,
    UNINITIALIZED_REGION,
    assert_error,
    explicit_group,
    inventory_servers,
    matching_ids,
    server_id,
    tag_group,
    uid,
)

HR_WEB = [server_id("hr-web-01"), server_id("hr-web-02")]
REPORTING = {"Application": "Reporting"}
CONSOLE = "https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome"


def source_servers(api, region):
    response = api.get("/drs/source-servers", {"region": region})
    assert response.status == 200, response
    return response.body


def assert_counts_consistent(body):
    servers = body["servers"]
    assert body["totalCount"] == len(servers)
    assert body["assignedCount"] == sum(1 for s in servers if s["assignedToProtectionGroup"] is not None)
    assert body["availableCount"] == sum(1 for s in servers if s["selectable"])
    for server in servers:
        if server["assignedToProtectionGroup"] is not None:
            assert server["selectable"] is False, server


@pytest.mark.parametrize("region", ["us-east-1", "us-west-2"])
def test_every_inventory_server_is_listed(api, region):
    body = source_servers(api, region)
    assert body["region"] == region
    assert body["initialized"] is True
    inventory = {item["sourceServerID"]: item for item in inventory_servers(region)}
    assert sorted(s["sourceServerID"] for s in body["servers"]) == sorted(inventory)
    assert body["totalCount"] == len(inventory)
    assert_counts_consistent(body)
    for server in body["servers"]:
        assert SERVER_FIELDS <= set(server), sorted(SERVER_FIELDS - set(server))
        item = inventory[server["sourceServerID"]]
        props = item["sourceProperties"]
        assert server["hostname"] == props["identificationHints"]["hostname"]
        # On-premises (VMware) servers have no awsInstanceID: then an empty value.
        assert server["sourceInstanceId"] == props["identificationHints"].get(
            "awsInstanceID", server["sourceInstanceId"]
        )
        if "awsInstanceID" not in props["identificationHints"]:
            assert server["sourceInstanceId"] in ("", None), server
        assert server["sourceIp"] == props["networkInterfaces"][0]["ips"][0]
        assert server["os"] == props["os"]["fullString"]
        assert server["replicationState"] == item["dataReplicationInfo"]["dataReplicationState"]
        assert server["lagDuration"] == item["dataReplicationInfo"].get("lagDuration", server["lagDuration"])
        assert server["tags"] == item["tags"]
        assert isinstance(server["selectable"], bool)


def assignment_of(body, server):
    return next(s for s in body["servers"] if s["sourceServerID"] == server)["assignedToProtectionGroup"]


def test_assignments_of_explicit_and_tag_based_groups(resources, api, gateway):
    explicit = resources.group(explicit_group("DRS explicit %s" % uid(), HR_WEB))
    tagged = resources.group(tag_group("DRS reporting %s" % uid(), REPORTING))
    body = source_servers(gateway, "us-east-1")
    assert_counts_consistent(body)
    for server in HR_WEB:
        assert assignment_of(body, server) == {
            "protectionGroupId": explicit["id"],
            "protectionGroupName": explicit["name"],
            "assignmentType": "explicit",
        }
    reporting = matching_ids("us-east-1", REPORTING)
    assert len(reporting) == 3
    for server in reporting:
        assignment = assignment_of(body, server)
        assert assignment is not None and assignment["assignmentType"] == "tag-based", (server, assignment)
        if assignment["protectionGroupId"] != tagged["id"]:
            # Another tag-based group on the shared stack may select it first; it must really select it.
            other = api.get("/protection-groups/" + assignment["protectionGroupId"]).body
            assert all(
                next(s for s in body["servers"] if s["sourceServerID"] == server)["tags"].get(k) == v
                for k, v in other["serverSelectionTags"].items()
            ), other
        else:
            assert assignment["protectionGroupName"] == tagged["name"]
    for server in body["servers"]:
        if server["sourceServerID"] in set(HR_WEB) | reporting:
            assert server["selectable"] is False, server

    # Released by the deletes.
    assert api.delete("/protection-groups/" + explicit["id"]).status == 200
    assert api.delete("/protection-groups/" + tagged["id"]).status == 200
    after = source_servers(api, "us-east-1")
    assert_counts_consistent(after)
    for server in HR_WEB + sorted(reporting):
        assignment = assignment_of(after, server)
        assert assignment is None or assignment["protectionGroupId"] not in (explicit["id"], tagged["id"]), assignment


def test_region_is_required(api):
    error = assert_error(api.get("/drs/source-servers"), 400, "MISSING_FIELD")
    assert error["field"] == "region", error


def test_uninitialized_region(api, gateway):
    for transport in (api, gateway):
        assert_error(
            transport.get("/drs/source-servers", {"region": UNINITIALIZED_REGION}),
            400,
            "DRS_NOT_INITIALIZED",
            region=UNINITIALIZED_REGION,
            consoleUrl=CONSOLE,
        )


LIMITS = {
    "MAX_SERVERS_PER_JOB": 100,
    "MAX_CONCURRENT_JOBS": 20,
    "MAX_SERVERS_IN_ALL_JOBS": 500,
    "MAX_REPLICATING_SERVERS": 300,
    "MAX_SOURCE_SERVERS": 4000,
}


@pytest.mark.parametrize("region", ["us-east-1", "us-west-2"])
def test_quotas(api, gateway, region):
    for transport in (api, gateway):
        response = transport.get("/drs/quotas", {"region": region})
        assert response.status == 200, response
        body = response.body
        assert body["region"] == region
        assert {k: body["limits"][k] for k in LIMITS} == LIMITS
        items = inventory_servers(region)
        replicating = sum(
            1 for item in items if item["dataReplicationInfo"]["dataReplicationState"] in REPLICATING_STATES
        )
        capacity = body["capacity"]
        assert capacity["totalSourceServers"] == len(items)
        assert capacity["replicatingServers"] == replicating
        assert capacity["availableReplicatingSlots"] == 300 - replicating
        assert capacity["status"] == "OK"  # far below the 250 INFO threshold
        assert isinstance(capacity["message"], str) and capacity["message"]
        jobs = body["concurrentJobs"]
        assert jobs["max"] == 20
        assert isinstance(jobs["current"], int) and jobs["current"] >= 0
        assert jobs["available"] == jobs["max"] - jobs["current"]
        assert body["serversInJobs"]["max"] == 500
        assert isinstance(body["serversInJobs"]["current"], int) and body["serversInJobs"]["current"] >= 0


def test_quotas_in_an_uninitialized_region(api):
    response = api.get("/drs/quotas", {"region": UNINITIALIZED_REGION})
    # The capacity status enum has NOT_INITIALIZED for exactly this; a DRS_NOT_INITIALIZED error is the
    # other defensible reading of the spec.
    if response.status == 200:
        assert response.body["capacity"]["status"] == "NOT_INITIALIZED", response
    else:
        assert_error(response, 400, "DRS_NOT_INITIALIZED", region=UNINITIALIZED_REGION)
