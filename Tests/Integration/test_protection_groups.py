"""Protection groups (spec §2.1) through the Invoke API and the API Gateway emulator.

Servers this module claims explicitly (always released again by the `resources` tracker):
orders-web-01..04 and hr-app-01 in us-east-1. Tag sets: OrderPortal/Database and OrderPortal/Web.
"""

import pytest

from helpers_resources import (
    PLACEHOLDER_ID,
    UNINITIALIZED_REGION,
    Api,
    Tracker,
    assert_error,
    assert_pg_shape,
    assert_timestamp,
    explicit_group,
    hostname_of,
    inventory_server,
    list_all,
    matching_ids,
    server_id,
    tag_group,
    uid,
)

WEB1, WEB2, WEB3, WEB4 = (server_id("orders-web-0%d" % n) for n in (1, 2, 3, 4))
HR_APP1 = server_id("hr-app-01")
DB_TAGS = {"Application": "OrderPortal", "Tier": "Database"}
WEB_TAGS = {"Application": "OrderPortal", "Tier": "Web"}
WEST_SERVER = server_id("capi-web-01")  # exists, but in us-west-2


@pytest.fixture(params=["invoke", "gateway"])
def transport(request, stack):
    """The same checks through the Invoke API and through curl on the API Gateway emulator."""
    api = Api(stack, request.param)
    tracker = Tracker(api)
    yield api, tracker
    tracker.cleanup()


# ---------------------------------------------------------------------------------------------
# CRUD


def test_explicit_group_lifecycle(transport):
    api, tracker = transport
    server = WEB1 if api.via == "invoke" else WEB2
    name = "PG explicit %s" % uid()
    created = api.post("/protection-groups", explicit_group(name, [server], description="web tier"))
    assert created.status == 201, created
    pg = created.body
    tracker.groups.append(pg["id"])
    assert_pg_shape(pg)
    assert pg["name"] == name
    assert pg["description"] == "web tier"
    assert pg["region"] == "us-east-1"
    assert pg["sourceServerIds"] == [server]
    assert pg["serverSelectionTags"] == {}
    assert pg["version"] == 1

    got = api.get("/protection-groups/" + pg["id"])
    assert got.status == 200, got
    assert got.body == pg

    # Partial update: only the description changes.
    updated = api.put("/protection-groups/" + pg["id"], {"description": "web tier v2", "version": 1})
    assert updated.status == 200, updated
    assert_pg_shape(updated.body)
    assert updated.body["version"] == 2
    assert updated.body["description"] == "web tier v2"
    assert updated.body["name"] == name
    assert updated.body["sourceServerIds"] == [server]
    assert updated.body["createdAt"] == pg["createdAt"]
    assert updated.body["updatedAt"] >= pg["updatedAt"]
    assert api.get("/protection-groups/" + pg["id"]).body["version"] == 2

    stale = api.put("/protection-groups/" + pg["id"], {"description": "stale", "version": 1})
    assert_error(stale, 409, "VERSION_CONFLICT", expectedVersion=1, currentVersion=2)
    assert api.get("/protection-groups/" + pg["id"]).body["description"] == "web tier v2"

    moved = api.put("/protection-groups/" + pg["id"], {"region": "us-west-2"})
    assert moved.status == 400, moved
    assert isinstance(moved.body.get("error"), str) and moved.body.get("message"), moved
    assert api.get("/protection-groups/" + pg["id"]).body["region"] == "us-east-1"

    deleted = api.delete("/protection-groups/" + pg["id"])
    assert deleted.status == 200, deleted
    assert set(deleted.body) >= {"message", "id"}
    assert deleted.body["id"] == pg["id"]
    assert isinstance(deleted.body["message"], str)

    assert_error(api.get("/protection-groups/" + pg["id"]), 404, "PROTECTION_GROUP_NOT_FOUND")
    assert_error(api.delete("/protection-groups/" + pg["id"]), 404, "PROTECTION_GROUP_NOT_FOUND")
    assert_error(api.put("/protection-groups/" + pg["id"], {"description": "x"}), 404, "PROTECTION_GROUP_NOT_FOUND")


def test_tag_group_create_and_update(transport):
    api, tracker = transport
    name = "PG tags %s" % uid()
    created = api.post("/protection-groups", tag_group(name, DB_TAGS))
    assert created.status == 201, created
    pg = created.body
    tracker.groups.append(pg["id"])
    assert_pg_shape(pg)
    assert pg["serverSelectionTags"] == DB_TAGS
    assert pg["sourceServerIds"] == []
    assert pg["version"] == 1

    renamed = api.put("/protection-groups/" + pg["id"], {"name": name + " renamed", "version": 1})
    assert renamed.status == 200, renamed
    assert renamed.body["name"] == name + " renamed"
    assert renamed.body["serverSelectionTags"] == DB_TAGS
    assert renamed.body["version"] == 2


def test_pascal_case_bodies(resources, api):
    name = "PG Pascal %s" % uid()
    created = api.post(
        "/protection-groups",
        {
            "GroupName": name,
            "Region": "us-east-1",
            "SourceServerIds": [HR_APP1],
            "Description": "pascal",
            "AccountId": "123456789012",
            "Owner": "ops@example.com",
        },
    )
    assert created.status == 201, created
    resources.groups.append(created.body["id"])
    pg = created.body
    assert_pg_shape(pg)
    assert (pg["name"], pg["region"], pg["sourceServerIds"]) == (name, "us-east-1", [HR_APP1])
    assert (pg["description"], pg["accountId"], pg["owner"]) == ("pascal", "123456789012", "ops@example.com")

    updated = api.put("/protection-groups/" + pg["id"], {"Description": "pascal v2", "Version": 1})
    assert updated.status == 200, updated
    assert updated.body["description"] == "pascal v2"
    assert updated.body["version"] == 2
    stale = api.put("/protection-groups/" + pg["id"], {"Description": "stale", "Version": 1})
    assert_error(stale, 409, "VERSION_CONFLICT", expectedVersion=1, currentVersion=2)


def test_group_name_alias_and_trimming(resources, api):
    name = "PG alias %s" % uid()
    pg = resources.group({"groupName": "   %s  " % name, "region": "us-east-1", "serverSelectionTags": {"Owner": name}})
    assert pg["name"] == name


@pytest.mark.parametrize(
    "body, field",
    [
        ({"region": "us-east-1", "serverSelectionTags": {"Owner": "x"}}, "name"),
        ({"name": "PG no region", "serverSelectionTags": {"Owner": "x"}}, "region"),
    ],
)
def test_missing_required_field(api, body, field):
    error = assert_error(api.post("/protection-groups", body), 400, "MISSING_FIELD")
    assert error["field"].lower() in ({"name", "groupname"} if field == "name" else {"region"}), error


@pytest.mark.parametrize("name", ["   ", "x" * 257])
def test_invalid_name(api, name):
    assert_error(api.post("/protection-groups", tag_group(name, {"Owner": uid()})), 400, "INVALID_NAME")


def test_get_unknown_group_is_404(api):
    assert_error(api.get("/protection-groups/" + PLACEHOLDER_ID), 404, "PROTECTION_GROUP_NOT_FOUND")


# ---------------------------------------------------------------------------------------------
# Invariants


def test_duplicate_name_differing_only_in_case(resources, api):
    name = "Database Servers %s" % uid()
    resources.group(tag_group(name, {"Owner": name}))
    duplicate = api.post("/protection-groups", tag_group(name.upper(), {"Owner": name + "-other"}))
    error = assert_error(duplicate, 409, "PG_NAME_EXISTS")
    assert error["existingName"].lower() == name.lower(), error
    # Renaming another group onto it is the same conflict.
    other = resources.group(tag_group("Other %s" % uid(), {"Owner": uid()}))
    renamed = api.put("/protection-groups/" + other["id"], {"name": name.lower()})
    assert_error(renamed, 409, "PG_NAME_EXISTS")


def test_identical_tags_are_a_tag_conflict(resources, api):
    first = resources.group(tag_group("PG web tags %s" % uid(), WEB_TAGS))
    # Same set, keys in another order.
    conflict = api.post(
        "/protection-groups", tag_group("PG web tags again %s" % uid(), dict(reversed(list(WEB_TAGS.items()))))
    )
    error = assert_error(conflict, 409, "TAG_CONFLICT")
    assert error["conflicts"] == [
        {
            "protectionGroupId": first["id"],
            "protectionGroupName": first["name"],
            "conflictingTags": WEB_TAGS,
            "conflictType": "exact_match",
        }
    ]
    # A superset is a different set, not a conflict.
    resources.group(tag_group("PG web superset %s" % uid(), dict(WEB_TAGS, Environment="Production")))
    # Updating another group onto the same tags conflicts too.
    other = resources.group(tag_group("PG other tags %s" % uid(), {"Owner": uid()}))
    assert_error(api.put("/protection-groups/" + other["id"], {"serverSelectionTags": WEB_TAGS}), 409, "TAG_CONFLICT")


def test_server_in_another_group_is_a_server_conflict(resources, api):
    first = resources.group(explicit_group("PG holder %s" % uid(), [WEB3]))
    conflict = api.post("/protection-groups", explicit_group("PG claimer %s" % uid(), [WEB4, WEB3]))
    error = assert_error(conflict, 409, "SERVER_CONFLICT")
    assert error["conflicts"] == [
        {
            "serverId": WEB3,
            "hostname": hostname_of(WEB3),
            "assignedToGroupId": first["id"],
            "assignedToGroupName": first["name"],
        }
    ]
    # Nothing was created: WEB4 is still free.
    second = resources.group(explicit_group("PG second %s" % uid(), [WEB4]))
    update = api.put("/protection-groups/" + second["id"], {"sourceServerIds": [WEB4, WEB3]})
    error = assert_error(update, 409, "SERVER_CONFLICT")
    assert [c["serverId"] for c in error["conflicts"]] == [WEB3]
    assert api.get("/protection-groups/" + second["id"]).body["sourceServerIds"] == [WEB4]
    # Released by the delete: claimable again.
    assert api.delete("/protection-groups/" + first["id"]).status == 200
    assert api.put("/protection-groups/" + second["id"], {"sourceServerIds": [WEB4, WEB3]}).status == 200


def test_unknown_server_ids_are_invalid_servers(api):
    unknown = ["s-00000000000000000", "s-ffffffffffffffff0"]
    response = api.post("/protection-groups", explicit_group("PG invalid %s" % uid(), [WEB4] + unknown + [WEST_SERVER]))
    error = assert_error(response, 400, "INVALID_SERVERS")
    # Unknown in the group's region: a us-west-2 server does not exist in us-east-1's DRS.
    assert sorted(error["invalidServerIds"]) == sorted(unknown + [WEST_SERVER]), error


@pytest.mark.parametrize("selection", ["tags", "explicit"])
def test_uninitialized_region(api, selection):
    name = "PG paris %s" % uid()
    body = (
        tag_group(name, {"Owner": name}, region=UNINITIALIZED_REGION)
        if selection == "tags"
        else explicit_group(name, ["s-00000000000000001"], region=UNINITIALIZED_REGION)
    )
    assert_error(
        api.post("/protection-groups", body),
        400,
        "DRS_NOT_INITIALIZED",
        region=UNINITIALIZED_REGION,
        consoleUrl="https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome",
    )


# ---------------------------------------------------------------------------------------------
# Resolution


def assert_resolved(body, region, expected_ids):
    assert body["region"] == region
    ids = [server["sourceServerID"] for server in body["servers"]]
    assert sorted(ids) == sorted(expected_ids), body
    assert body["serverCount"] == len(expected_ids)
    assert_timestamp(body["resolvedAt"])
    for server in body["servers"]:
        item = inventory_server(server["sourceServerID"])
        assert server["hostname"] == item["sourceProperties"]["identificationHints"]["hostname"]
        assert server["tags"] == item["tags"]


def test_resolve_tag_group(transport):
    api, tracker = transport
    created = api.post("/protection-groups", tag_group("PG resolve %s" % uid(), DB_TAGS))
    assert created.status == 201, created
    tracker.groups.append(created.body["id"])
    resolved = api.post("/protection-groups/%s/resolve" % created.body["id"])
    assert resolved.status == 200, resolved
    assert resolved.body["protectionGroupId"] == created.body["id"]
    expected = matching_ids("us-east-1", DB_TAGS)
    assert len(expected) == 2
    assert_resolved(resolved.body, "us-east-1", expected)


def test_resolve_unknown_group_is_404(api):
    assert_error(api.post("/protection-groups/%s/resolve" % PLACEHOLDER_ID), 404, "PROTECTION_GROUP_NOT_FOUND")


@pytest.mark.parametrize(
    "region, tags, count",
    [
        ("us-east-1", {"Purpose": "DatabaseServers"}, 5),
        ("us-west-2", {"Purpose": "DatabaseServers"}, 3),
        ("us-east-1", {"Purpose": "DatabaseServers", "Environment": "Staging"}, 1),
        ("us-east-1", {"Purpose": "DatabaseServers", "Environment": "Nowhere"}, 0),
    ],
)
def test_preview_resolves_servers_matching_all_tags(transport, region, tags, count):
    api, _ = transport
    before = list_all(api, "/protection-groups", "groups")[0]
    resolved = api.post("/protection-groups/resolve", {"region": region, "tags": tags})
    assert resolved.status == 200, resolved
    expected = matching_ids(region, tags)
    assert len(expected) == count  # the inventory is what this test thinks it is
    assert_resolved(resolved.body, region, expected)
    # A preview saves nothing.
    assert len(list_all(api, "/protection-groups", "groups")[0]) == len(before)


# ---------------------------------------------------------------------------------------------
# Listing


def test_list_filters_and_order(resources, api, gateway):
    tag = uid()
    names = ["%s b-group" % tag, "%s A-group" % tag, "%s c-group" % tag]
    created = {
        name: resources.group(tag_group(name, {"Owner": name}, region=region))
        for name, region in zip(names, ["us-east-1", "us-west-2", "us-east-1"])
    }

    everything = api.get("/protection-groups")
    assert everything.status == 200, everything
    assert everything.body["count"] == len(everything.body["groups"])
    assert "nextToken" not in everything.body or not everything.body["nextToken"]
    listed = {group["id"] for group in everything.body["groups"]}
    assert {pg["id"] for pg in created.values()} <= listed
    all_names = [group["name"].lower() for group in everything.body["groups"]]
    assert all_names == sorted(all_names)
    for group in everything.body["groups"]:
        assert_pg_shape(group)

    by_name = gateway.get("/protection-groups", {"name": tag})
    assert by_name.status == 200, by_name
    assert [g["name"] for g in by_name.body["groups"]] == sorted(names, key=str.lower)
    assert by_name.body["count"] == 3

    east = api.get("/protection-groups", {"name": tag, "region": "us-east-1"})
    assert [g["name"] for g in east.body["groups"]] == ["%s b-group" % tag, "%s c-group" % tag]


def test_list_pagination(resources, api):
    tag = uid()
    names = ["%s-%02d-%s" % (tag, i, "X" if i % 2 else "x") for i in range(7)]
    ids = {resources.group(tag_group(name, {"Owner": name}))["id"] for name in names}
    items, pages = list_all(api, "/protection-groups", "groups", {"name": tag}, limit=3)
    assert [len(page["groups"]) for page in pages] == [3, 3, 1]
    assert [page["count"] for page in pages] == [3, 3, 1]
    assert all(page.get("nextToken") for page in pages[:-1])
    assert not pages[-1].get("nextToken")
    assert [g["id"] for g in items if g["id"] in ids] == [g["id"] for g in items]
    assert {g["id"] for g in items} == ids
    assert [g["name"] for g in items] == sorted(names, key=str.lower)


@pytest.mark.parametrize("limit", ["0", "1001", "abc"])
def test_list_rejects_a_malformed_limit(api, limit):
    error = assert_error(api.get("/protection-groups", {"limit": limit}), 400, "INVALID_REQUEST")
    assert error.get("field") == "limit", error
