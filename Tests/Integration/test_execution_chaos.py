"""Spec §3: progress "survives any process dying at any point, and never starts a wave twice".

A private drs-local with `--instances 2` (two bootstrap processes per function), a 4 s start lease
(`START_LEASE_SECONDS=4`: a wave whose starter died is reconciled or re-requested within seconds)
and fast ticks. Several multi-wave drills run while bootstrap children of that drs-local are
SIGKILLed at (seeded) random moments — whichever process it is: an API handler, a ticking engine,
possibly between recording a wave's start and calling DRS, or between the call and recording its
job. drs-local restarts dead children. Afterwards every execution must be `completed`, and the DRS
simulator must have received exactly one `StartRecovery` per wave.
"""

import json
import os
import random
import signal
import time


from stack import BOOTSTRAP
from helpers_executions import HEALTHY_EAST, HEALTHY_WEST, Drills, exec_stack_fixture, start_recovery_calls
from helpers_resources import server_id, uid

SEED = int(os.environ.get("CHAOS_SEED", "20250101"))
CHAOS_SECONDS = 25
OVERALL_TIMEOUT = 120
BOOTSTRAP = os.path.realpath(BOOTSTRAP)


chaos_stack = exec_stack_fixture(
    "drs-local-chaos",
    instances=2,
    extra_args=["--env", "START_LEASE_SECONDS=4"],
    tick=0.3,
    start_delay=0.5,
    duration=1.0,
)


def bootstrap_children(parent_pid):
    """PIDs of the live processes whose parent is `parent_pid` and whose executable is bootstrap."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
            # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
            state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
            if int(ppid) != parent_pid or state == "Z":
                continue
            if os.path.realpath("/proc/%s/exe" % entry) == BOOTSTRAP:
                pids.append(int(entry))
        except (OSError, ValueError):
            continue  # gone meanwhile
    return sorted(pids)


class Tolerant:
    """API calls that may hit a process being killed: retried until they answer."""

    def __init__(self, api):
        self.api = api

    def call(self, method, path, body=None, attempts=40):
        last = None
        for _ in range(attempts):
            try:
                response = self.api.call(method, path, body)
                if response.status < 500 and response.body is not None:
                    return response
                last = response
            except Exception as error:  # connection reset, function error, timeout
                last = error
            time.sleep(0.25)
        raise AssertionError("%s %s never answered: %r" % (method, path, last))


def test_killing_bootstraps_never_starts_a_wave_twice(chaos_stack):
    rng = random.Random(SEED)
    drills = Drills(chaos_stack)
    try:
        api = Tolerant(drills.api)
        layout = [
            HEALTHY_EAST[0:3],
            HEALTHY_EAST[3:6],
            HEALTHY_EAST[6:9],
            HEALTHY_EAST[9:12],
            HEALTHY_WEST[0:3],
            HEALTHY_WEST[3:6],
        ]
        plans = [drills.plan(hostnames) for hostnames in layout]
        total_waves = sum(len(hostnames) for hostnames in layout)
        calls_before = start_recovery_calls(chaos_stack)
        parent = chaos_stack.process.pid
        assert len(bootstrap_children(parent)) == 4, bootstrap_children(parent)

        executions = {}
        kills = []
        started_at = time.time()
        for plan in plans:
            # A clientToken makes a start retried after a killed handler return the same execution.
            body = {
                "recoveryPlanId": plan["id"],
                "executionType": "DRILL",
                "initiatedBy": "chaos",
                "clientToken": "chaos-%s" % uid(),
            }
            response = api.call("POST", "/executions", body)
            assert response.status == 202, response
            executions[plan["id"]] = response.body["executionId"]
            # Kill between starts too.
            if rng.random() < 0.5:
                victims = bootstrap_children(parent)
                if victims:
                    victim = rng.choice(victims)
                    os.kill(victim, signal.SIGKILL)
                    kills.append((round(time.time() - started_at, 2), victim))

        # Chaos: a SIGKILL at a random moment every 0.05–0.7 s.
        while time.time() - started_at < CHAOS_SECONDS:
            time.sleep(rng.uniform(0.05, 0.7))
            victims = bootstrap_children(parent)
            if victims:
                victim = rng.choice(victims)
                try:
                    os.kill(victim, signal.SIGKILL)
                    kills.append((round(time.time() - started_at, 2), victim))
                except ProcessLookupError:
                    pass
        assert len(kills) >= 25, kills

        # Then let the engine finish.
        final = {}
        deadline = started_at + OVERALL_TIMEOUT
        while time.time() < deadline:
            for plan_id, execution_id in executions.items():
                if plan_id not in final:
                    execution = api.call("GET", "/executions/" + execution_id).body
                    if execution["status"] in ("completed", "failed", "cancelled"):
                        final[plan_id] = execution
            if len(final) == len(executions):
                break
            time.sleep(0.5)
        report = {plan_id: (e["status"], e.get("errorMessage")) for plan_id, e in final.items()}
        assert len(final) == len(executions), ("not finished in %ss" % OVERALL_TIMEOUT, report, kills)
        for plan, hostnames in zip(plans, layout):
            execution = final[plan["id"]]
            assert execution["status"] == "completed", (json.dumps(execution)[:3000], kills)
            for wave, hostname in zip(execution["waves"], hostnames):
                assert wave["status"] == "completed" and wave["jobId"], wave
                [server] = wave["servers"]
                assert server["sourceServerId"] == server_id(hostname)
                assert server["launchStatus"] == "LAUNCHED" and server["recoveryInstanceId"], server
        job_ids = [w["jobId"] for e in final.values() for w in e["waves"]]
        assert len(set(job_ids)) == total_waves
        # Exactly one StartRecovery per wave: never a second one for a wave.
        assert start_recovery_calls(chaos_stack) == calls_before + total_waves, (
            start_recovery_calls(chaos_stack) - calls_before,
            total_waves,
            kills,
        )
        # drs-local has replaced the killed children (it backs off up to 5 s between restarts).
        deadline = time.time() + 15
        while len(bootstrap_children(parent)) < 4 and time.time() < deadline:
            time.sleep(0.2)
        assert len(bootstrap_children(parent)) == 4, bootstrap_children(parent)
        assert chaos_stack.process.poll() is None
    finally:
        drills.cleanup()
