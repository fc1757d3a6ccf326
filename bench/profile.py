#!/usr/bin/env python3
"""Profiles one storage route of `bootstrap` with `perf record -g` (how BENCHMARKS.md chose each step).

Starts the local stack as run.py does (drs-local serving moto and the DRS simulator, 50 groups and 50
plans of 3 waves seeded through the API), starts `bootstrap` under run.py's Runtime API with the API
function's environment, warms the route, then attaches `perf record -g` to the process while it
serves `--requests` more of it, and prints `perf report`'s flat profile (self time) and the callers
of the top entries.

  .venv/bin/python bench/profile.py --route create --requests 200
  .venv/bin/python bench/profile.py --route list --perf-data bench/out/list.data
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the Runtime API server, the stack and the seeding of run.py)


def drive(runtime, route, group_ids, spare_server):
    """One request of `route` (a create is followed by the delete of the created group)."""
    if route == "create":
        _, group = runtime.call("POST", "/protection-groups", {
            "name": "Profile create %s" % uuid.uuid4().hex[:10], "region": "us-east-1",
            "sourceServerIds": [spare_server]}, status=201)
        runtime.call("DELETE", "/protection-groups/" + group["id"])
    elif route == "list":
        runtime.call("GET", "/recovery-plans")
    elif route == "get":
        runtime.call("GET", "/protection-groups/" + group_ids[0])
    else:
        runtime.invoke(run.HEALTH)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", default=".build-lambda/release/bootstrap")
    parser.add_argument("--drs-local", default=".build/debug/drs-local")
    parser.add_argument("--route", choices=["create", "list", "get", "health"], default="create")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--frequency", type=int, default=4000, help="perf record -F")
    parser.add_argument("--perf-data", default="bench/out/profile.data")
    args = parser.parse_args()
    os.chdir(run.ROOT)
    os.makedirs(os.path.dirname(args.perf_data), exist_ok=True)
    directory = tempfile.mkdtemp(prefix="drs-profile-")
    stack = run.LocalStack(args.drs_local, args.bootstrap, directory, servers=51)
    try:
        group_ids = run.seed(args.bootstrap, stack.env, stack.server_ids, 50, 50)
        runtime = run.Runtime(args.bootstrap, env=stack.env)
        for _ in range(20):
            drive(runtime, args.route, group_ids, stack.server_ids[50])
        runtime.settle()
        perf = subprocess.Popen(["perf", "record", "-g", "-F", str(args.frequency), "-o", args.perf_data,
                                 "-p", str(runtime.child.pid)], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        cpu = runtime.cpu_ns()
        for _ in range(args.requests):
            drive(runtime, args.route, group_ids, stack.server_ids[50])
        cpu = runtime.cpu_ns() - cpu
        perf.send_signal(signal.SIGINT)
        perf.wait()
        runtime.stop()
    finally:
        stack.stop()
        shutil.rmtree(directory, ignore_errors=True)
    print("%s: %d requests, %.3f ms CPU each (under perf)" % (args.route, args.requests, cpu / args.requests / 1e6))
    report = ["perf", "report", "-i", args.perf_data, "--stdio", "--no-children", "--percent-limit", "0.7",
              "-g", "none", "--sort", "symbol"]
    print(subprocess.run(report, capture_output=True, text=True).stdout)


if __name__ == "__main__":
    sys.exit(main())
