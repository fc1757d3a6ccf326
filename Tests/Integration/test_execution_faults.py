"""DESIGN.md "Execution engine": an AWS call that may have taken effect is never simply retried.

A private drs-local whose DRS simulator injects faults while it runs (`/_simulator/settings`):

* a slow answer: `StartRecovery` creates its job at once but answers 20 s later, past the AWS
  client's 15 s per-attempt timeout. The engine must wait for that answer (or adopt the job from
  `DescribeJobs`), never send a second `StartRecovery`: one DRS job per wave. Once with jobs that
  end quickly (a second call would create a second job) and once with jobs that stay active (a
  second call would be refused with `ConflictException`, which must not fail the execution);
* 30% of DRS calls throttled: throttled starts are retried (by the client, then by the engine after
  `START_RETRY_SECONDS`) and every drill completes, still with one job per wave.
"""

import json

import pytest

from helpers_executions import HEALTHY_EAST, Drills, sim_settings, sim_stats, start, exec_stack_fixture, wait_terminal

SLOW_ANSWER_MS = 20_000


fault_stack = exec_stack_fixture(
    "drs-local-faults", extra_args=["--env", "START_RETRY_SECONDS=2"], tick=0.3, start_delay=0.3, duration=0.7
)


@pytest.fixture
def drills(fault_stack):
    drills = Drills(fault_stack)
    yield drills
    sim_settings(
        fault_stack,
        {
            "startRecoveryAnswerDelayMilliseconds": 0,
            "throttleRate": 0,
            "jobStartDelayMilliseconds": 300,
            "jobDurationMilliseconds": 700,
        },
    )
    drills.cleanup()


def launch_jobs(stack):
    """LAUNCH jobs the simulator created, as counted by its stats."""
    stats = sim_stats(stack)
    return stats["calls"].get("StartRecovery", 0), stats.get("conflicts", 0)


def start_accepted(api, plan_id, attempts=20):
    """POST /executions, retried while DRS throttles the start's checks (429)."""
    for _ in range(attempts):
        response = start(api, plan_id)
        if response.status != 429:
            assert response.status == 202, response
            return response.body["executionId"]
    raise AssertionError("the start was throttled %d times" % attempts)


def run_slow_answer_drill(stack, drills, job_start_ms, job_duration_ms):
    hostnames = HEALTHY_EAST[0:2]
    plan = drills.plan(hostnames)
    sim_settings(
        stack,
        {
            "startRecoveryAnswerDelayMilliseconds": SLOW_ANSWER_MS,
            "jobStartDelayMilliseconds": job_start_ms,
            "jobDurationMilliseconds": job_duration_ms,
        },
    )
    calls_before, conflicts_before = launch_jobs(stack)
    execution_id = start_accepted(drills.api, plan["id"])
    execution = wait_terminal(drills.api, execution_id, timeout=2 * len(hostnames) * SLOW_ANSWER_MS / 1000 + 60)
    calls_after, conflicts_after = launch_jobs(stack)
    assert execution["status"] == "completed", json.dumps(execution)[:3000]
    job_ids = [wave["jobId"] for wave in execution["waves"]]
    assert all(job_ids) and len(set(job_ids)) == len(hostnames), execution["waves"]
    # One StartRecovery per wave reached DRS: no second call after the slow answer.
    assert calls_after - calls_before == len(hostnames), (calls_before, calls_after)
    assert conflicts_after == conflicts_before
    assert sim_stats(stack)["slowAnswers"].get("StartRecovery", 0) >= len(hostnames)


def test_a_slow_start_recovery_answer_gives_one_job_per_wave(fault_stack, drills):
    # Jobs end within a second: a second StartRecovery would have created a second job.
    run_slow_answer_drill(fault_stack, drills, job_start_ms=300, job_duration_ms=700)


def test_a_slow_answer_while_drs_refuses_busy_servers_does_not_fail_the_wave(fault_stack, drills):
    # Jobs stay active past the client's attempt timeout: a second StartRecovery would be refused
    # with ConflictException (the servers are in the first job) and must not fail the execution.
    run_slow_answer_drill(fault_stack, drills, job_start_ms=18_000, job_duration_ms=1_000)


def test_drills_complete_while_drs_throttles_thirty_percent_of_calls(fault_stack, drills):
    layout = [HEALTHY_EAST[2:5], HEALTHY_EAST[5:8], HEALTHY_EAST[8:10]]
    plans = [drills.plan(hostnames) for hostnames in layout]
    calls_before, _ = launch_jobs(fault_stack)
    throttled_before = sum(sim_stats(fault_stack)["throttled"].values())
    sim_settings(fault_stack, {"throttleRate": 0.3})
    execution_ids = [start_accepted(drills.api, plan["id"]) for plan in plans]
    finals = [wait_terminal(drills.api, execution_id, timeout=180) for execution_id in execution_ids]
    sim_settings(fault_stack, {"throttleRate": 0})
    for execution, hostnames in zip(finals, layout):
        assert execution["status"] == "completed", json.dumps(execution)[:3000]
        assert len({wave["jobId"] for wave in execution["waves"]}) == len(hostnames)
    waves = sum(len(hostnames) for hostnames in layout)
    calls_after, _ = launch_jobs(fault_stack)
    assert calls_after - calls_before == waves
    # The simulator did throttle calls meanwhile (the test exercises what it claims).
    assert sum(sim_stats(fault_stack)["throttled"].values()) > throttled_before
