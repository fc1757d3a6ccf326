"""Helpers for the execution integration tests (spec §2.3, §3).

* `start_exec_stack`: a private drs-local (`start_stack`) with fast DRS jobs and ticks, and an
  explicit `--drs-port` so the tests can read the simulator's `/_simulator/stats` (how many
  `StartRecovery` calls DRS really received) and change its timings while it runs.
* `Drills`: explicit one-group-per-server protection groups and plans built from them, deleted
  again at teardown (after any execution left active has been cancelled).
* `exec_stack_fixture` / `drills_fixture`: the module-scoped fixtures of a test module with a
  private stack of its own (`auth_stack = exec_stack_fixture("drs-local-auth")`).
* Waiting: `wait_status` polls `GET /executions/{id}` (a read is also a tick, but the stack's
  ticker advances executions on its own as well).
"""

import contextlib
import json
import time
import urllib.error
import urllib.request

import pytest

from stack import free_port
from helpers_resources import Api, Tracker, explicit_group, hostname_of, plan_body, server_id, start_stack, uid, wave

ORCHESTRATION_FUNCTION = "drs-orchestration-orchestration-dev"
TERMINAL = {"completed", "failed", "cancelled"}
ACTIVE = {"pending", "running", "pause_pending", "paused", "cancelling"}

# Healthy (CONTINUOUS) servers of the seeded inventory, by hostname.
HEALTHY_EAST = [
    "orders-web-01",
    "orders-web-02",
    "orders-web-03",
    "orders-app-01",
    "orders-app-02",
    "orders-app-03",
    "orders-db-01",
    "orders-db-02",
    "hr-web-01",
    "hr-web-02",
    "hr-app-01",
    "hr-db-01",
    "rpt-web-01",
    "erp-app-01",
    "erp-db-01",
]
HEALTHY_WEST = [
    "capi-web-01",
    "capi-web-02",
    "capi-web-03",
    "capi-app-01",
    "capi-app-02",
    "capi-db-01",
    "analytics-app-01",
]
REGION_OF = dict(
    [(h, "us-east-1") for h in HEALTHY_EAST]
    + [(h, "us-west-2") for h in HEALTHY_WEST]
    + [("rpt-db-01", "us-east-1"), ("hr-app-02", "us-east-1")]
)

EXECUTION_FIELDS = {
    "executionId",
    "recoveryPlanId",
    "recoveryPlanName",
    "executionType",
    "status",
    "currentWave",
    "totalWaves",
    "waves",
    "startTime",
    "endTime",
    "initiatedBy",
    "invocationSource",
    "invocationDetails",
    "errorMessage",
    "pausedBeforeWave",
    "version",
}
EXEC_WAVE_FIELDS = {"waveNumber", "name", "status", "jobId", "region", "startTime", "endTime", "servers"}
EXEC_SERVER_FIELDS = {"sourceServerId", "hostname", "launchStatus", "recoveryInstanceId"}


def fast_args(tick=0.3, start_delay=0.3, duration=0.7):
    return [
        "--tick-interval",
        str(tick),
        "--drs-job-start-delay",
        str(start_delay),
        "--drs-job-duration",
        str(duration),
    ]


def start_exec_stack(log_dir, instances=1, extra_args=(), **timings):
    """A private stack with fast jobs and ticks; `stack.drs_url` is its DRS simulator."""
    drs_port = free_port(0)
    # start_stack passes `--drs-port 0`; a later repetition of the option wins.
    stack = start_stack(
        log_dir, instances=instances, extra_args=["--drs-port", str(drs_port)] + fast_args(**timings) + list(extra_args)
    )
    stack.drs_url = "http://127.0.0.1:%d" % drs_port
    return stack


def exec_stack_fixture(directory, **options):
    """A module-scoped fixture: a private stack (`start_exec_stack` with `options`) whose log is in a
    temporary directory named `directory`, stopped after the module's tests."""

    @pytest.fixture(scope="module")
    def private_stack(tmp_path_factory):
        stack = start_exec_stack(tmp_path_factory.mktemp(directory), **options)
        yield stack
        stack.stop()

    return private_stack


def drills_fixture(stack_fixture):
    """A module-scoped fixture: `Drills` on the stack of the fixture named `stack_fixture`, cleaned
    up after the module's tests (before that stack stops)."""

    @pytest.fixture(scope="module")
    def drills(request):
        drills = Drills(request.getfixturevalue(stack_fixture))
        yield drills
        drills.cleanup()

    return drills


# ---------------------------------------------------------------------------------------------
# The DRS simulator's control endpoints


def _json_request(url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method="POST" if data is not None else "GET", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def sim_stats(stack):
    return _json_request(stack.drs_url + "/_simulator/stats")


def start_recovery_calls(stack):
    """`StartRecovery` calls that reached the simulator (signed, not throttled)."""
    return sim_stats(stack)["calls"].get("StartRecovery", 0)


def sim_settings(stack, update=None):
    if update is None:
        return _json_request(stack.drs_url + "/_simulator/settings")
    return _json_request(stack.drs_url + "/_simulator/settings", update)


@contextlib.contextmanager
def job_timings(stack, start_delay_ms, duration_ms):
    """DRS jobs created inside the block take these timings (slow jobs keep a wave in flight)."""
    before = sim_settings(stack)
    sim_settings(stack, {"jobStartDelayMilliseconds": start_delay_ms, "jobDurationMilliseconds": duration_ms})
    try:
        yield
    finally:
        sim_settings(
            stack,
            {
                "jobStartDelayMilliseconds": before["jobStartDelayMilliseconds"],
                "jobDurationMilliseconds": before["jobDurationMilliseconds"],
            },
        )


# ---------------------------------------------------------------------------------------------
# The orchestration function

TICK_EVENT = {
    "version": "0",
    "id": "tick",
    "detail-type": "Scheduled Event",
    "source": "aws.events",
    "account": "123456789012",
    "time": "2025-01-01T00:00:00Z",
    "region": "us-east-1",
    "resources": ["arn:aws:events:us-east-1:123456789012:rule/drs-orchestration-tick"],
    "detail": {},
}


def invoke_function(stack, function, payload, timeout=90):
    """Invoke API call of any function; returns (status, headers, parsed payload or raw bytes)."""
    request = urllib.request.Request(
        "%s/2015-03-31/functions/%s/invocations" % (stack.invoke_url, function),
        data=json.dumps(payload).encode(),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status, headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        status, headers = error.code, dict(error.headers)
    try:
        return status, headers, json.loads(raw)
    except ValueError:
        return status, headers, raw


def tick(stack, timeout=90):
    """One engine tick through the orchestration function; returns its report."""
    status, headers, report = invoke_function(stack, ORCHESTRATION_FUNCTION, TICK_EVENT, timeout=timeout)
    assert status == 200 and "X-Amz-Function-Error" not in headers, (status, headers, report)
    return report


# ---------------------------------------------------------------------------------------------
# Executions


def start(api, plan_id, execution_type="DRILL", **extra):
    body = dict(
        {"recoveryPlanId": plan_id, "executionType": execution_type, "initiatedBy": "integration-test"}, **extra
    )
    return api.post("/executions", body)


def started(api, plan_id, execution_type="DRILL", **extra):
    response = start(api, plan_id, execution_type, **extra)
    assert response.status == 202, response
    return response.body["executionId"]


def get_execution(api, execution_id):
    response = api.get("/executions/" + execution_id)
    assert response.status == 200, response
    return response.body


def wait_for(predicate, timeout, interval=0.1, what="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s (last: %r)" % (timeout, what, last))


def wait_status(api, execution_id, statuses, timeout=30, interval=0.1):
    """Polls until the execution's status is one of `statuses`; returns the execution."""
    statuses = {statuses} if isinstance(statuses, str) else set(statuses)
    seen = []

    def check():
        execution = get_execution(api, execution_id)
        if not seen or seen[-1] != execution["status"]:
            seen.append(execution["status"])
        return execution if execution["status"] in statuses else None

    try:
        return wait_for(check, timeout, interval, what="%s to be %s" % (execution_id, sorted(statuses)))
    except AssertionError as error:
        raise AssertionError(
            "%s; statuses seen: %s; execution: %s" % (error, seen, json.dumps(get_execution(api, execution_id))[:3000])
        )


def wait_terminal(api, execution_id, timeout=30):
    return wait_status(api, execution_id, TERMINAL, timeout)


def drain(api, timeout=60):
    """Cancels every active execution of the stack and waits until each has ended."""
    response = api.get("/executions", {"limit": "200"})
    assert response.status == 200, response
    for execution in response.body["items"]:
        if execution["status"] in ACTIVE:
            api.post("/executions/%s/cancel" % execution["executionId"], {})
    for execution in response.body["items"]:
        if execution["status"] in ACTIVE:
            wait_terminal(api, execution["executionId"], timeout)


# ---------------------------------------------------------------------------------------------
# Groups and plans


class Drills:
    """Explicit protection groups — one per healthy server, or one per tuple of hostnames in
    `combos` — and plans whose waves name them (a hostname or a tuple each). Deleted at teardown."""

    def __init__(self, stack, combos=(), unhealthy=()):
        self.stack = stack
        self.api = Api(stack, "invoke")
        self.gateway = Api(stack, "gateway")
        self.tracker = Tracker(self.api)
        self.sfx = uid()
        self.group_of = {}
        combined = {h for combo in combos for h in combo}
        keys = [tuple(combo) for combo in combos]
        keys += [h for h in list(HEALTHY_EAST) + list(HEALTHY_WEST) + list(unhealthy) if h not in combined]
        for key in keys:
            hostnames = list(key) if isinstance(key, tuple) else [key]
            group = self.tracker.group(
                explicit_group(
                    "PG %s %s" % ("+".join(hostnames), self.sfx), ids_of(hostnames), region=REGION_OF[hostnames[0]]
                )
            )
            self.group_of[key] = group["id"]

    def plan(self, waves, name=None, pauses=()):
        """`waves`: one group key per wave (a hostname, or a tuple of `combos`). `pauses`: the
        1-based waves with pauseBeforeWave."""
        name = name or "Drill %s %s" % (uid(), self.sfx)
        body = plan_body(
            name,
            [
                wave(
                    "W%d %s" % (n + 1, "+".join(key) if isinstance(key, tuple) else key),
                    self.group_of[tuple(key) if isinstance(key, list) else key],
                    pause=(n + 1) in pauses,
                )
                for n, key in enumerate(waves)
            ],
        )
        return self.tracker.plan(body)

    def cleanup(self):
        try:
            drain(self.api)
        finally:
            self.tracker.cleanup()


def ids_of(hostnames):
    return [server_id(h) for h in hostnames]


__all__ = [
    "ACTIVE",
    "TERMINAL",
    "Drills",
    "EXECUTION_FIELDS",
    "EXEC_SERVER_FIELDS",
    "EXEC_WAVE_FIELDS",
    "HEALTHY_EAST",
    "HEALTHY_WEST",
    "ORCHESTRATION_FUNCTION",
    "TICK_EVENT",
    "drain",
    "get_execution",
    "hostname_of",
    "ids_of",
    "invoke_function",
    "job_timings",
    "sim_settings",
    "sim_stats",
    "start",
    "start_exec_stack",
    "start_recovery_calls",
    "started",
    "tick",
    "wait_for",
    "wait_status",
    "wait_terminal",
]
