"""Spec §2.3/§3 under concurrency: starts are race-free (`PLAN_ALREADY_EXECUTING`,
`SERVER_CONFLICT`) and `StartRecovery` is at most once per wave even under concurrent ticks.

A private drs-local with `--instances 4` (four bootstrap processes per function, invocations spread
over them), so racing requests really are handled by different processes. Requests go through the
API Gateway emulator from threads released together by a barrier; ticks go to the orchestration
function through the Invoke API.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers_executions import (
    HEALTHY_EAST,
    HEALTHY_WEST,
    ORCHESTRATION_FUNCTION,
    TICK_EVENT,
    Drills,
    get_execution,
    invoke_function,
    start_exec_stack,
    start_recovery_calls,
    wait_status,
    wait_terminal,
)
from helpers_resources import assert_error, http_call, outcome, race, server_id


@pytest.fixture(scope="module")
def conc_stack(tmp_path_factory):
    stack = start_exec_stack(tmp_path_factory.mktemp("drs-local-exec-concurrency"), instances=4)
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def drills(conc_stack):
    drills = Drills(conc_stack)
    yield drills
    drills.cleanup()


def tally(responses):
    return dict(Counter("%s %s" % (r.status, r.error or "") for r in responses))


def start_body(plan_id):
    return {"recoveryPlanId": plan_id, "executionType": "DRILL", "initiatedBy": "race"}


def test_twenty_concurrent_starts_of_one_plan(conc_stack, drills):
    api = drills.api
    plan = drills.plan(["orders-db-01", "orders-db-02"], pauses=[1])
    calls_before = start_recovery_calls(conc_stack)
    responses = race(conc_stack, [("POST", "/executions", start_body(plan["id"]))] * 20)
    winners = [r for r in responses if r.status == 202]
    assert len(winners) == 1, outcome(responses)
    execution_id = winners[0].body["executionId"]
    for response in responses:
        if response.status != 202:
            assert_error(response, 409, "PLAN_ALREADY_EXECUTING")
    listed = api.get("/executions", {"planId": plan["id"]}).body["items"]
    assert [e["executionId"] for e in listed] == [execution_id]
    assert api.get("/recovery-plans/" + plan["id"]).body["lastExecutionId"] == execution_id
    paused = wait_status(api, execution_id, "paused", timeout=15)
    assert paused["pausedBeforeWave"] == 1
    assert api.post("/executions/%s/cancel" % execution_id, {}).body["status"] == "cancelled"
    assert start_recovery_calls(conc_stack) == calls_before

    # Once more with a plan that really runs: one execution, one StartRecovery per wave.
    plan = drills.plan(["orders-app-01", "orders-app-02"])
    responses = race(conc_stack, [("POST", "/executions", start_body(plan["id"]))] * 20)
    winners = [r for r in responses if r.status == 202]
    assert len(winners) == 1, outcome(responses)
    assert all(r.error == "PLAN_ALREADY_EXECUTING" for r in responses if r.status != 202), outcome(responses)
    done = wait_terminal(api, winners[0].body["executionId"])
    assert done["status"] == "completed", done
    assert start_recovery_calls(conc_stack) == calls_before + 2


def make_pairs(drills, count, tag):
    """`count` pairs of plans, each pair sharing one server (wave 1; plan A also has a server of its
    own in wave 2), every wave 1 paused before, so a winner stays active and launches nothing."""
    shared = HEALTHY_EAST[:count]
    own = HEALTHY_EAST[10:] + HEALTHY_WEST  # 12 others: one for each pair's plan A
    assert count <= min(len(own), 10)
    pairs = []
    for n, server in enumerate(shared):
        a = drills.plan([server, own[n]], pauses=[1], name="%s %d A %s" % (tag, n, drills.sfx))
        b = drills.plan([server], pauses=[1], name="%s %d B %s" % (tag, n, drills.sfx))
        pairs.append((server, a, b))
    return pairs


def check_pair(server, a, b, ra, rb):
    """One 202 and one SERVER_CONFLICT naming the winner; returns the winner's execution id."""
    assert sorted([ra.status, rb.status]) == [202, 409], (server, ra, rb)
    win, lose, win_plan = (ra, rb, a) if ra.status == 202 else (rb, ra, b)
    execution_id = win.body["executionId"]
    error = assert_error(lose, 409, "SERVER_CONFLICT")
    assert error["conflicts"] == [
        {
            "serverId": server_id(server),
            "hostname": server,
            "conflictingExecutionId": execution_id,
            "conflictingPlanName": win_plan["name"],
        }
    ], error
    [other] = error["conflictingExecutions"]
    assert other["executionId"] == execution_id and other["planName"] == win_plan["name"], error
    assert other["serverCount"] == len(win_plan["waves"]), error
    assert isinstance(other["status"], str) and other["status"], error
    return execution_id


def cancel_all(api, responses):
    for response in responses:
        if response.status == 202:
            api.post("/executions/%s/cancel" % response.body["executionId"], {})
    for response in responses:
        if response.status == 202:
            wait_terminal(api, response.body["executionId"])


def test_pairs_sharing_a_server_started_concurrently(conc_stack, drills):
    """Ten times, a pair of plans sharing a server is started at once: exactly one start wins, the
    other is a SERVER_CONFLICT naming the winner."""
    api = drills.api
    pairs = make_pairs(drills, 10, "Pair")
    calls_before = start_recovery_calls(conc_stack)
    for server, a, b in pairs:
        responses = race(
            conc_stack, [("POST", "/executions", start_body(a["id"])), ("POST", "/executions", start_body(b["id"]))]
        )
        try:
            execution_id = check_pair(server, a, b, *responses)
            assert wait_status(api, execution_id, "paused", timeout=15)["pausedBeforeWave"] == 1
        finally:
            cancel_all(api, responses)
    assert start_recovery_calls(conc_stack) == calls_before


def test_ten_pairs_sharing_servers_started_all_at_once(conc_stack, drills):
    """Ten such pairs at once (twenty starts racing, every plan different), two rounds, the winners
    cancelled in between: per pair one 202 and one SERVER_CONFLICT — no other outcome."""
    api = drills.api
    pairs = make_pairs(drills, 10, "Pack")
    calls_before = start_recovery_calls(conc_stack)
    for round_ in range(2):
        requests = []
        for server, a, b in pairs:
            requests += [("POST", "/executions", start_body(a["id"])), ("POST", "/executions", start_body(b["id"]))]
        responses = race(conc_stack, requests)
        try:
            unexpected = [r for r in responses if (r.status, r.error) not in ((202, None), (409, "SERVER_CONFLICT"))]
            assert not unexpected and outcome(responses) == [(202, None)] * 10 + [(409, "SERVER_CONFLICT")] * 10, (
                "round %d: %s; unexpected: %s" % (round_, tally(responses), [r.raw for r in unexpected][:1])
            )
            winners = [
                check_pair(server, a, b, responses[2 * n], responses[2 * n + 1])
                for n, (server, a, b) in enumerate(pairs)
            ]
            for execution_id in winners:
                wait_status(api, execution_id, "paused", timeout=30)
            active = [
                e
                for e in api.get("/executions", {"limit": "200"}).body["items"]
                if e["status"] not in ("completed", "failed", "cancelled")
            ]
            assert sorted(e["executionId"] for e in active) == sorted(winners)
        finally:
            cancel_all(api, responses)
    assert start_recovery_calls(conc_stack) == calls_before


def test_twenty_independent_plans_started_at_once(conc_stack, drills):
    """Twenty plans with no server in common started at once: nothing conflicts, so every start is
    accepted (a start's race-free checks must not turn contention into an error)."""
    api = drills.api
    servers = (HEALTHY_EAST + HEALTHY_WEST)[:20]
    plans = [drills.plan([server], pauses=[1], name="Solo %d %s" % (n, drills.sfx)) for n, server in enumerate(servers)]
    began = time.time()
    responses = race(conc_stack, [("POST", "/executions", start_body(plan["id"])) for plan in plans])
    elapsed = time.time() - began
    try:
        assert outcome(responses) == [(202, None)] * 20, (
            "%.1f s" % elapsed,
            tally(responses),
            [r.raw for r in responses if r.status != 202][:1],
        )
        for response in responses:
            wait_status(api, response.body["executionId"], "paused", timeout=30)
    finally:
        cancel_all(api, responses)


def test_concurrent_ticks_start_each_wave_once(conc_stack, drills):
    """Drills run while the orchestration function is invoked 20 times at once, in bursts, and
    their executions are read concurrently (a read is also a tick): every drill completes, and DRS
    saw exactly one StartRecovery per wave."""
    api = drills.api
    plans = [
        drills.plan(["orders-web-01", "orders-web-02", "orders-web-03"]),
        drills.plan(["orders-app-01", "orders-app-02", "orders-app-03"]),
        drills.plan(["hr-web-01", "hr-web-02", "hr-app-01"]),
        drills.plan(["capi-web-01", "capi-web-02", "capi-web-03"]),
        drills.plan(["capi-app-01", "capi-app-02"]),
        drills.plan(["erp-app-01", "erp-db-01"]),
    ]
    total_waves = sum(len(plan["waves"]) for plan in plans)
    calls_before = start_recovery_calls(conc_stack)
    execution_ids = []
    for plan in plans:
        response = http_call(conc_stack.api_url, "POST", "/executions", start_body(plan["id"]))
        assert response.status == 202, response
        execution_ids.append(response.body["executionId"])

    stop = threading.Event()
    reports, errors = [], []

    def burst():
        barrier = threading.Barrier(20)

        def one(_):
            barrier.wait(timeout=30)
            return invoke_function(conc_stack, ORCHESTRATION_FUNCTION, TICK_EVENT)

        with ThreadPoolExecutor(max_workers=20) as pool:
            return list(pool.map(one, range(20)))

    def reader(execution_id):
        while not stop.is_set():
            response = http_call(conc_stack.api_url, "GET", "/executions/" + execution_id)
            if response.status != 200:
                errors.append(response)
            time.sleep(0.05)

    readers = [
        threading.Thread(target=reader, args=(execution_id,), daemon=True)
        for execution_id in execution_ids
        for _ in range(2)
    ]
    for thread in readers:
        thread.start()
    deadline = time.time() + 90
    try:
        while time.time() < deadline:
            for status, headers, report in burst():
                assert status == 200 and "X-Amz-Function-Error" not in headers, (status, headers, report)
                assert set(report) == {"examined", "advanced", "wavesStarted", "problems"}, report
                reports.append(report)
            executions = [get_execution(api, execution_id) for execution_id in execution_ids]
            if all(e["status"] in ("completed", "failed", "cancelled") for e in executions):
                break
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=30)
    assert not errors, errors[:3]
    for execution in executions:
        assert execution["status"] == "completed", execution
        assert all(w["status"] == "completed" and w["jobId"] for w in execution["waves"]), execution
        assert all(s["launchStatus"] == "LAUNCHED" for w in execution["waves"] for s in w["servers"]), execution
    job_ids = [w["jobId"] for e in executions for w in e["waves"]]
    assert len(job_ids) == len(set(job_ids)) == total_waves
    assert start_recovery_calls(conc_stack) == calls_before + total_waves
    # The ticks together started at most the waves there were (the reads started the others).
    assert sum(report["wavesStarted"] for report in reports) <= total_waves
    assert len(reports) >= 20
