"""Helpers for the resource-API integration tests (protection groups, recovery plans, DRS views).

* `Api`: one call shape over the two transports the guide uses — the Lambda Invoke API (direct
  invocation, the guide's "Lambda Event Format") and the API Gateway emulator (through `curl`, as
  the guide's CLI examples do).
* `Tracker`: creates groups and plans and deletes them again at teardown, plans first, so tests
  sharing the session stack leave no names, tags or explicit servers claimed behind them.
* The DRS simulator's seeded inventory, to pick server ids and compute expected tag matches.
* `start_stack`: a private drs-local (own ports, own moto, own simulator) for tests that need a
  fresh table or `--instances N`; stopped by its own PID.
"""

import json
import os
import re
import subprocess
import threading
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from helpers_auth import bearer
from stack import ROOT, free_port, start_drs_local

INVENTORY_PATH = os.path.join(ROOT, "Sources", "DRSLocal", "DRSSimulator", "Inventory", "default-inventory.json")
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
UNINITIALIZED_REGION = "eu-west-3"
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")

PG_FIELDS = {
    "id",
    "protectionGroupId",
    "name",
    "description",
    "region",
    "serverSelectionTags",
    "sourceServerIds",
    "accountId",
    "owner",
    "createdAt",
    "updatedAt",
    "version",
}
PLAN_FIELDS = {
    "id",
    "name",
    "description",
    "waves",
    "waveCount",
    "hasServerConflict",
    "conflictInfo",
    "lastExecutionStatus",
    "lastExecutionId",
    "lastStartTime",
    "lastEndTime",
    "createdAt",
    "updatedAt",
    "version",
}
WAVE_FIELDS = {"waveNumber", "name", "description", "protectionGroupId", "pauseBeforeWave"}
SERVER_FIELDS = {
    "sourceServerID",
    "hostname",
    "sourceInstanceId",
    "sourceIp",
    "os",
    "replicationState",
    "lagDuration",
    "lastSeen",
    "tags",
    "assignedToProtectionGroup",
    "selectable",
}
REPLICATING_STATES = {"CONTINUOUS", "INITIAL_SYNC", "RESCAN", "CREATING_SNAPSHOT"}


def uid():
    return uuid.uuid4().hex[:10]


# ---------------------------------------------------------------------------------------------
# The simulator's seeded inventory


def _load_inventory():
    with open(INVENTORY_PATH) as f:
        return json.load(f)


INVENTORY = _load_inventory()


def inventory_servers(region):
    return INVENTORY["regions"][region]["items"]


def inventory_server(server_id):
    for region, data in INVENTORY["regions"].items():
        for item in data["items"]:
            if item["sourceServerID"] == server_id:
                return item
    raise KeyError(server_id)


def hostname_of(server_id):
    return inventory_server(server_id)["sourceProperties"]["identificationHints"]["hostname"]


def server_id(hostname):
    """The id of the inventory server with this hostname (any region)."""
    for data in INVENTORY["regions"].values():
        for item in data["items"]:
            if item["sourceProperties"]["identificationHints"]["hostname"] == hostname:
                return item["sourceServerID"]
    raise KeyError(hostname)


def matching_ids(region, tags):
    """Inventory servers of `region` whose tags contain every key=value of `tags` (AND, exact)."""
    return {
        item["sourceServerID"]
        for item in inventory_servers(region)
        if all(item.get("tags", {}).get(k) == v for k, v in tags.items())
    }


# ---------------------------------------------------------------------------------------------
# Transports


class Response:
    def __init__(self, status, body, raw, headers=None, envelope=None, via=""):
        self.status = status
        self.body = body
        self.raw = raw
        self.headers = headers or {}
        self.envelope = envelope
        self.via = via

    @property
    def error(self):
        return self.body.get("error") if isinstance(self.body, dict) else None

    def __repr__(self):
        return "<%s %s %s>" % (self.via, self.status, self.raw[:2000] if isinstance(self.raw, str) else self.raw)


def _parse(text):
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


class Api:
    """`call(method, path, body, query)` through the Invoke API ("invoke") or API Gateway ("gateway")."""

    def __init__(self, stack, via="invoke"):
        self.stack = stack
        self.via = via

    def call(self, method, path, body=None, query=None):
        if self.via == "invoke":
            return self._invoke(method, path, body, query)
        return self._curl(method, path, body, query)

    def get(self, path, query=None):
        return self.call("GET", path, None, query)

    def post(self, path, body=None):
        return self.call("POST", path, body)

    def put(self, path, body=None):
        return self.call("PUT", path, body)

    def delete(self, path):
        return self.call("DELETE", path)

    def _invoke(self, method, path, body, query):
        # The guide's "Lambda Event Format", exactly.
        event = {
            "httpMethod": method,
            "path": path,
            "headers": {},
            "queryStringParameters": query if query else None,
            "body": json.dumps(body) if body is not None else None,
        }
        status, headers, payload = self.stack.invoke(event)
        assert status == 200, (status, payload)
        assert "X-Amz-Function-Error" not in headers, payload
        envelope = json.loads(payload)
        return Response(
            envelope["statusCode"],
            _parse(envelope.get("body")),
            envelope.get("body"),
            envelope.get("headers"),
            envelope,
            via="invoke",
        )

    def url(self, path, query=None):
        url = self.stack.api_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
        return url

    def _curl(self, method, path, body, query):
        args = ["curl", "-sS", "-D", "-", "-X", method, "-H", "Authorization: " + bearer(self.stack.api_url)]
        if body is not None:
            args += ["-H", "Content-Type: application/json", "--data-binary", json.dumps(body)]
        result = subprocess.run(args + [self.url(path, query)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        head, _, text = result.stdout.replace("\r\n", "\n").partition("\n\n")
        lines = head.split("\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        return Response(status, _parse(text), text, headers, via="gateway")


def http_call(api_url, method, path, body=None, query=None, timeout=60):
    """The API Gateway emulator through urllib (thread-friendly, for the concurrency tests)."""
    url = api_url + path
    if query:
        url += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Authorization": bearer(api_url), "Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            return Response(response.status, _parse(text), text, dict(response.headers), via="http")
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return Response(error.code, _parse(text), text, dict(error.headers), via="http")


# ---------------------------------------------------------------------------------------------
# Assertions


def assert_error(response, status, code, **fields):
    """An error envelope of the contract: `{"error": code, "message": "...", ...context}`."""
    assert response.status == status, response
    assert isinstance(response.body, dict), response
    assert response.body.get("error") == code, response
    assert isinstance(response.body.get("message"), str) and response.body["message"], response
    for key, value in fields.items():
        assert response.body.get(key) == value, (key, response)
    return response.body


def assert_timestamp(value):
    assert isinstance(value, str) and ISO_UTC.match(value), value


def assert_pg_shape(pg):
    assert PG_FIELDS <= set(pg), sorted(PG_FIELDS - set(pg))
    assert pg["protectionGroupId"] == pg["id"]
    assert isinstance(pg["version"], int)
    assert isinstance(pg["serverSelectionTags"], dict)
    assert isinstance(pg["sourceServerIds"], list)
    assert_timestamp(pg["createdAt"])
    assert_timestamp(pg["updatedAt"])


def assert_plan_shape(plan):
    assert PLAN_FIELDS <= set(plan), sorted(PLAN_FIELDS - set(plan))
    assert isinstance(plan["version"], int)
    assert plan["waveCount"] == len(plan["waves"])
    for index, wave in enumerate(plan["waves"]):
        assert WAVE_FIELDS <= set(wave), (index, sorted(WAVE_FIELDS - set(wave)))
        assert wave["waveNumber"] == index + 1
    assert_timestamp(plan["createdAt"])
    assert_timestamp(plan["updatedAt"])


# ---------------------------------------------------------------------------------------------
# Request bodies


def explicit_group(name, server_ids, region="us-east-1", **extra):
    return dict({"name": name, "region": region, "sourceServerIds": list(server_ids)}, **extra)


def tag_group(name, tags, region="us-east-1", **extra):
    return dict({"name": name, "region": region, "serverSelectionTags": dict(tags)}, **extra)


def wave(name, group_id, server_ids=None, pause=False, description=""):
    body = {"name": name, "description": description, "protectionGroupId": group_id, "pauseBeforeWave": pause}
    if server_ids is not None:
        body["serverIds"] = list(server_ids)
    return body


def plan_body(name, waves, description=""):
    return {"name": name, "description": description, "waves": list(waves)}


class Tracker:
    """Creates resources through `api` and deletes them at teardown (plans, then groups)."""

    def __init__(self, api):
        self.api = api
        self.groups = []
        self.plans = []

    def group(self, body):
        response = self.api.post("/protection-groups", body)
        assert response.status == 201, response
        self.groups.append(response.body["id"])
        return response.body

    def plan(self, body):
        response = self.api.post("/recovery-plans", body)
        assert response.status == 201, response
        self.plans.append(response.body["id"])
        return response.body

    def try_group(self, body):
        """POST a group; tracks it when created; returns the Response whatever the outcome."""
        response = self.api.post("/protection-groups", body)
        if response.status == 201 and isinstance(response.body, dict) and "id" in response.body:
            self.groups.append(response.body["id"])
        return response

    def try_plan(self, body):
        response = self.api.post("/recovery-plans", body)
        if response.status == 201 and isinstance(response.body, dict) and "id" in response.body:
            self.plans.append(response.body["id"])
        return response

    def cleanup(self):
        for plan_id in reversed(self.plans):
            try:
                self.api.delete("/recovery-plans/" + plan_id)
            except Exception:  # the stack may be gone; nothing else to do
                pass
        for group_id in reversed(self.groups):
            try:
                self.api.delete("/protection-groups/" + group_id)
            except Exception:
                pass
        self.plans, self.groups = [], []


def list_all(api, path, key, query=None, limit=None):
    """Every item of a list route, following nextToken; returns (items, pages)."""
    query = dict(query or {})
    if limit:
        query["limit"] = str(limit)
    items, pages = [], []
    for _ in range(1000):
        response = api.get(path, query)
        assert response.status == 200, response
        pages.append(response.body)
        items += response.body[key]
        token = response.body.get("nextToken")
        if not token:
            return items, pages
        query["nextToken"] = token
    raise AssertionError("nextToken never ended")


# ---------------------------------------------------------------------------------------------
# A private stack


def start_stack(log_dir, instances=1, extra_args=()):
    """drs-local on free ports with its own moto and DRS simulator; `extra_args` come last (a later
    repetition of an option wins)."""
    return start_drs_local(
        log_dir,
        free_port(0),
        free_port(0),
        [
            "--moto-port",
            "0",
            "--drs-port",
            "0",
            "--instances",
            str(instances),
            "--cognito-env",
            os.path.join(str(log_dir), "cognito.env"),
            *extra_args,
        ],
    )


def race(stack, requests):
    """Fire every (method, path, body) at once; returns the responses in request order."""
    barrier = threading.Barrier(len(requests))

    def fire(request):
        method, path, body = request
        barrier.wait(timeout=30)
        return http_call(stack.api_url, method, path, body, timeout=120)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(fire, requests))


def outcome(responses):
    return sorted((r.status, r.error) for r in responses)
