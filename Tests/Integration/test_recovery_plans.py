"""Recovery plans (spec §2.2): create/update/delete, validation, PG_IN_USE, list filters, pagination.

Servers this module claims explicitly: orders-app-01..03 (us-east-1). Tag set: HRPortal databases.
"""

import pytest

from helpers_resources import (
    PLACEHOLDER_ID,
    assert_error,
    assert_plan_shape,
    explicit_group,
    list_all,
    plan_body,
    server_id,
    tag_group,
    uid,
    wave,
)

APP1, APP2, APP3 = (server_id("orders-app-0%d" % n) for n in (1, 2, 3))
HR_DB_TAGS = {"Purpose": "DatabaseServers", "Application": "HRPortal"}


@pytest.fixture
def groups(resources):
    """An explicit group (orders-app-01, -02) and a tag-based group selecting by Purpose=DatabaseServers."""
    explicit = resources.group(explicit_group("RP app %s" % uid(), [APP1, APP2]))
    tagged = resources.group(tag_group("RP db %s" % uid(), HR_DB_TAGS))
    return explicit, tagged


def two_wave_plan(name, groups, description="db first, then apps"):
    explicit, tagged = groups
    return plan_body(
        name,
        [
            wave("Database", tagged["id"], description="databases"),
            wave("App", explicit["id"], server_ids=[APP1], pause=True, description="apps"),
        ],
        description,
    )


# ---------------------------------------------------------------------------------------------
# Create / get


def test_create_and_get(resources, api, groups):
    explicit, tagged = groups
    name = "RP create %s" % uid()
    plan = resources.plan(two_wave_plan(name, groups))
    assert_plan_shape(plan)
    assert plan["name"] == name
    assert plan["description"] == "db first, then apps"
    assert plan["waveCount"] == 2
    assert plan["version"] == 1
    assert plan["hasServerConflict"] is False
    assert plan["conflictInfo"] is None
    assert (plan["lastExecutionStatus"], plan["lastExecutionId"], plan["lastStartTime"], plan["lastEndTime"]) == (
        None,
        None,
        None,
        None,
    )
    first, second = plan["waves"]
    assert (
        first["waveNumber"],
        first["name"],
        first["description"],
        first["protectionGroupId"],
        first["pauseBeforeWave"],
    ) == (1, "Database", "databases", tagged["id"], False)
    assert (
        second["waveNumber"],
        second["name"],
        second["description"],
        second["protectionGroupId"],
        second["pauseBeforeWave"],
    ) == (2, "App", "apps", explicit["id"], True)
    assert second["serverIds"] == [APP1]

    got = api.get("/recovery-plans/" + plan["id"])
    assert got.status == 200, got
    assert_plan_shape(got.body)
    assert (got.body["id"], got.body["name"], got.body["waves"], got.body["version"]) == (
        plan["id"],
        name,
        plan["waves"],
        1,
    )
    assert got.body["hasServerConflict"] is False


def test_create_through_the_gateway(resources, gateway, groups):
    name = "RP gateway %s" % uid()
    created = gateway.post("/recovery-plans", two_wave_plan(name, groups))
    assert created.status == 201, created
    resources.plans.append(created.body["id"])
    assert created.headers["content-type"] == "application/json"
    assert_plan_shape(created.body)
    got = gateway.get("/recovery-plans/" + created.body["id"])
    assert got.status == 200 and got.body["name"] == name, got


def test_pascal_case_plan_body(resources, api, groups):
    explicit, tagged = groups
    name = "RP Pascal %s" % uid()
    response = api.post(
        "/recovery-plans",
        {
            "PlanName": name,
            "Description": "pascal",
            "Waves": [
                {
                    "WaveName": "DB",
                    "WaveDescription": "dbs",
                    "ProtectionGroupId": tagged["id"],
                    "PauseBeforeWave": False,
                },
                {"WaveName": "Apps", "ProtectionGroupId": explicit["id"], "ServerIds": [APP2], "PauseBeforeWave": True},
            ],
        },
    )
    assert response.status == 201, response
    resources.plans.append(response.body["id"])
    plan = response.body
    assert_plan_shape(plan)
    assert (plan["name"], plan["description"], plan["waveCount"]) == (name, "pascal", 2)
    assert [(w["waveNumber"], w["name"], w["protectionGroupId"], w["pauseBeforeWave"]) for w in plan["waves"]] == [
        (1, "DB", tagged["id"], False),
        (2, "Apps", explicit["id"], True),
    ]
    assert plan["waves"][0]["description"] == "dbs"
    assert plan["waves"][1]["serverIds"] == [APP2]
    # planName alias too
    other = api.post("/recovery-plans", {"planName": name + " alias", "waves": [wave("W", tagged["id"])]})
    assert other.status == 201, other
    resources.plans.append(other.body["id"])
    assert other.body["name"] == name + " alias"


def test_wave_server_ids_must_be_a_subset_of_the_group(api, groups):
    explicit, tagged = groups
    body = plan_body(
        "RP subset %s" % uid(), [wave("DB", tagged["id"]), wave("App", explicit["id"], server_ids=[APP1, APP3])]
    )
    error = assert_error(api.post("/recovery-plans", body), 400, "INVALID_WAVE_DATA", waveNumber=2)
    assert error["field"].lower().endswith("serverids"), error  # e.g. "serverIds" or "waves[1].serverIds"


def test_wave_server_ids_must_be_an_array(api, groups):
    explicit, _ = groups
    body = plan_body("RP shape %s" % uid(), [wave("App", explicit["id"], server_ids=None)])
    body["waves"][0]["serverIds"] = APP1
    response = api.post("/recovery-plans", body)
    # The guide's catalog: INVALID_WAVE_DATA "Wave N has invalid ServerIds format"; the spec's general
    # wrong-type code INVALID_REQUEST is acceptable too. Either way the field is named.
    assert response.status == 400, response
    assert response.body["error"] in ("INVALID_WAVE_DATA", "INVALID_REQUEST"), response
    assert "serverids" in response.body["field"].lower(), response
    if response.body["error"] == "INVALID_WAVE_DATA":
        assert response.body["waveNumber"] == 1, response


def test_wave_without_group(api):
    body = plan_body("RP nogroup %s" % uid(), [{"name": "W"}])
    response = api.post("/recovery-plans", body)
    assert response.status == 400, response
    assert response.body["error"] in ("INVALID_WAVE_DATA", "MISSING_FIELD"), response
    assert "protectiongroupid" in response.body["field"].lower(), response


def test_unknown_group_is_404(api, groups):
    _, tagged = groups
    body = plan_body("RP unknown %s" % uid(), [wave("DB", tagged["id"]), wave("Ghost", PLACEHOLDER_ID)])
    assert_error(api.post("/recovery-plans", body), 404, "PROTECTION_GROUP_NOT_FOUND")


@pytest.mark.parametrize("waves", [None, []])
def test_a_plan_needs_waves(api, waves):
    body = {"name": "RP empty %s" % uid()}
    if waves is not None:
        body["waves"] = waves
    response = api.post("/recovery-plans", body)
    assert response.status == 400, response
    assert response.body["error"] in ("MISSING_FIELD", "INVALID_WAVE_DATA"), response


def test_missing_name(api, groups):
    _, tagged = groups
    error = assert_error(api.post("/recovery-plans", {"waves": [wave("W", tagged["id"])]}), 400, "MISSING_FIELD")
    assert error["field"].lower() in ("name", "planname"), error


def test_duplicate_name_is_case_insensitive(resources, api, groups):
    name = "RP dup %s" % uid()
    resources.plan(two_wave_plan(name, groups))
    duplicate = api.post("/recovery-plans", two_wave_plan(name.swapcase(), groups))
    error = assert_error(duplicate, 409, "RP_NAME_EXISTS")
    assert error["existingName"].lower() == name.lower(), error


def test_get_unknown_plan_is_404(api):
    assert_error(api.get("/recovery-plans/" + PLACEHOLDER_ID), 404, "RECOVERY_PLAN_NOT_FOUND")
    assert_error(api.put("/recovery-plans/" + PLACEHOLDER_ID, {"description": "x"}), 404, "RECOVERY_PLAN_NOT_FOUND")


# ---------------------------------------------------------------------------------------------
# Update / delete


def test_update_with_version(resources, api, groups):
    explicit, tagged = groups
    name = "RP update %s" % uid()
    plan = resources.plan(two_wave_plan(name, groups))

    updated = api.put("/recovery-plans/" + plan["id"], {"description": "changed", "version": 1})
    assert updated.status == 200, updated
    assert_plan_shape(updated.body)
    assert (updated.body["description"], updated.body["version"], updated.body["name"]) == ("changed", 2, name)
    assert updated.body["waves"] == plan["waves"]

    stale = api.put("/recovery-plans/" + plan["id"], {"description": "stale", "version": 1})
    assert_error(stale, 409, "VERSION_CONFLICT", expectedVersion=1, currentVersion=2)

    waves = api.put(
        "/recovery-plans/" + plan["id"], {"waves": [wave("Only", explicit["id"], server_ids=[APP2])], "version": 2}
    )
    assert waves.status == 200, waves
    assert waves.body["waveCount"] == 1
    assert [(w["waveNumber"], w["name"], w["serverIds"]) for w in waves.body["waves"]] == [(1, "Only", [APP2])]
    assert waves.body["version"] == 3

    bad = api.put("/recovery-plans/" + plan["id"], {"waves": [wave("Bad", explicit["id"], server_ids=[APP3])]})
    assert_error(bad, 400, "INVALID_WAVE_DATA", waveNumber=1)

    other = resources.plan(plan_body("RP other %s" % uid(), [wave("W", tagged["id"])]))
    assert_error(api.put("/recovery-plans/" + other["id"], {"name": name.upper()}), 409, "RP_NAME_EXISTS")
    assert api.get("/recovery-plans/" + plan["id"]).body["version"] == 3


def test_delete_plan(resources, api, groups):
    plan = resources.plan(two_wave_plan("RP delete %s" % uid(), groups))
    deleted = api.delete("/recovery-plans/" + plan["id"])
    assert deleted.status == 200, deleted
    assert_error(api.get("/recovery-plans/" + plan["id"]), 404, "RECOVERY_PLAN_NOT_FOUND")
    assert_error(api.delete("/recovery-plans/" + plan["id"]), 404, "RECOVERY_PLAN_NOT_FOUND")


def test_deleting_a_group_used_by_plans_is_pg_in_use(resources, api, groups):
    explicit, tagged = groups
    first = resources.plan(two_wave_plan("RP uses A %s" % uid(), groups))
    second = resources.plan(plan_body("RP uses B %s" % uid(), [wave("DB", tagged["id"])]))
    error = assert_error(api.delete("/protection-groups/" + tagged["id"]), 409, "PG_IN_USE")
    assert sorted(error["plans"]) == sorted([first["name"], second["name"]])
    assert api.get("/protection-groups/" + tagged["id"]).status == 200

    error = assert_error(api.delete("/protection-groups/" + explicit["id"]), 409, "PG_IN_USE")
    assert error["plans"] == [first["name"]]

    assert api.delete("/recovery-plans/" + first["id"]).status == 200
    assert api.delete("/protection-groups/" + explicit["id"]).status == 200
    assert api.delete("/recovery-plans/" + second["id"]).status == 200
    assert api.delete("/protection-groups/" + tagged["id"]).status == 200


# ---------------------------------------------------------------------------------------------
# List filters


def names_of(response):
    assert response.status == 200, response
    assert response.body["count"] == len(response.body["plans"])
    return [plan["name"] for plan in response.body["plans"]]


def test_name_filter_is_a_case_insensitive_substring(resources, api, groups):
    tag = uid()
    for name in ("%s Alpha" % tag, "%s alpha two" % tag, "%s Beta" % tag):
        resources.plan(two_wave_plan(name, groups))
    assert names_of(api.get("/recovery-plans", {"name": tag + " ALPHA"})) == ["%s Alpha" % tag, "%s alpha two" % tag]
    assert names_of(api.get("/recovery-plans", {"name": tag})) == [
        "%s Alpha" % tag,
        "%s alpha two" % tag,
        "%s Beta" % tag,
    ]
    assert names_of(api.get("/recovery-plans", {"name": tag[2:8]})) == [
        "%s Alpha" % tag,
        "%s alpha two" % tag,
        "%s Beta" % tag,
    ]


def test_name_exact(resources, api, gateway, groups):
    tag = uid()
    name = "2-Tier Recovery %s" % tag
    plan = resources.plan(two_wave_plan(name, groups))
    resources.plan(two_wave_plan(name + " copy", groups))
    assert names_of(api.get("/recovery-plans", {"nameExact": name.lower()})) == [name]
    assert names_of(api.get("/recovery-plans", {"nameExact": "2-Tier Recovery %s" % tag[:5]})) == []
    # Through API Gateway, with the guide's %20 in the URL.
    response = gateway.get("/recovery-plans?nameExact=2-Tier%%20Recovery%%20%s" % tag)
    assert names_of(response) == [name]
    assert response.body["plans"][0]["id"] == plan["id"]
    assert_plan_shape(response.body["plans"][0])


def test_tag_filter(resources, api, gateway, groups):
    explicit, tagged = groups
    tag = uid()
    with_db = resources.plan(two_wave_plan("%s with db" % tag, groups))
    apps_only = resources.plan(plan_body("%s apps only" % tag, [wave("App", explicit["id"])]))
    assert names_of(api.get("/recovery-plans", {"name": tag, "tag": "Purpose=DatabaseServers"})) == [with_db["name"]]
    assert names_of(api.get("/recovery-plans", {"name": tag, "tag": "Application=HRPortal"})) == [with_db["name"]]
    assert names_of(api.get("/recovery-plans", {"name": tag, "tag": "Purpose=WebServers"})) == []
    # The guide's raw form in a URL: tag=Purpose=DatabaseServers.
    everything = names_of(gateway.get("/recovery-plans?tag=Purpose=DatabaseServers"))
    assert with_db["name"] in everything and apps_only["name"] not in everything


def test_has_conflict_and_status_filters(resources, api, groups):
    tag = uid()
    plans = [resources.plan(two_wave_plan("%s plan %d" % (tag, n), groups)) for n in range(2)]
    expected = [plan["name"] for plan in plans]
    assert names_of(api.get("/recovery-plans", {"name": tag, "hasConflict": "false"})) == expected
    assert names_of(api.get("/recovery-plans", {"name": tag, "hasConflict": "true"})) == []
    assert names_of(api.get("/recovery-plans", {"name": tag, "status": "completed"})) == []
    everything = api.get("/recovery-plans", {"hasConflict": "false"})
    assert all(plan["hasServerConflict"] is False for plan in everything.body["plans"])
    # A direct caller may send a boolean for a query parameter.
    assert names_of(api.get("/recovery-plans", {"name": tag, "hasConflict": False})) == expected


def test_pagination_over_more_than_one_page(resources, api, groups):
    explicit, _ = groups
    prefix = "page-%s" % uid()
    names = ["%s-%02d-%s" % (prefix, n, "Up" if n % 3 == 0 else "low") for n in range(12)]
    ids = {resources.plan(plan_body(name, [wave("W", explicit["id"])]))["id"] for name in names}
    items, pages = list_all(api, "/recovery-plans", "plans", {"name": prefix}, limit=5)
    assert [len(page["plans"]) for page in pages] == [5, 5, 2]
    assert [page["count"] for page in pages] == [5, 5, 2]
    assert pages[0].get("nextToken") and pages[1].get("nextToken") and not pages[2].get("nextToken")
    assert [plan["id"] for plan in items if plan["id"] in ids] == [plan["id"] for plan in items]
    assert len(items) == 12 and {plan["id"] for plan in items} == ids
    assert [plan["name"] for plan in items] == sorted(names, key=str.lower)
    # Without limit: every match in one answer.
    whole = api.get("/recovery-plans", {"name": prefix})
    assert names_of(whole) == sorted(names, key=str.lower)
    assert not whole.body.get("nextToken")


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "1001"}, {"limit": "five"}])
def test_malformed_limit(api, query):
    error = assert_error(api.get("/recovery-plans", query), 400, "INVALID_REQUEST")
    assert error.get("field") == "limit", error


def test_malformed_next_token(api):
    error = assert_error(api.get("/recovery-plans", {"nextToken": "not-a-token!"}), 400, "INVALID_REQUEST")
    assert error.get("field") == "nextToken", error
