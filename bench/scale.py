#!/usr/bin/env python3
"""Scale benchmark: what each API call and each engine tick costs with 100 and with 10,000 stored
plans (and 1,000 finished executions) — DynamoDB requests, DynamoDB items read (as DynamoDB counts
them: GetItem 1, BatchGetItem its keys, Query/Scan their ScannedCount) and DRS calls.

The local stack runs with a counting proxy between the functions and moto (Tests/Integration/
counting_proxy.py); the DRS simulator counts its calls. Plans, their name guards and finished
executions are seeded straight into moto with BatchWriteItem, as clones of items the stack wrote.

Expected: item routes, starts and ticks flat; unfiltered list pages proportional to the page
(limit 20), not to the table. Counts, not time: the numbers are the same on any machine.
"""
import argparse
import os
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Integration"))

import helpers_resources  # noqa: E402
from helpers_cost import CostStack  # noqa: E402
from helpers_executions import HEALTHY_EAST  # noqa: E402
from helpers_resources import explicit_group, plan_body, server_id, wave  # noqa: E402


def measure(costs, plan, seed_group, server, finished, label):
    """Every measured operation at the current scale, in table order: (name, Cost)."""
    rows = []

    def call(name, method, path, body=None, query=None, status=200):
        result, cost = costs.call(method, path, body, query, status)
        rows.append((name, cost))
        return result

    call("GET /recovery-plans/{id}", "GET", "/recovery-plans/" + plan)
    created = call("POST /recovery-plans", "POST", "/recovery-plans",
                   plan_body("Scale %s" % label, [wave("W", seed_group)]), status=201)
    call("PUT /recovery-plans/{id}", "PUT", "/recovery-plans/" + created["id"], {"name": "Scale %s renamed" % label})
    call("DELETE /recovery-plans/{id}", "DELETE", "/recovery-plans/" + created["id"])
    group = call("POST /protection-groups", "POST", "/protection-groups",
                 explicit_group("Scale group %s" % label, [server_id(server)]), status=201)
    call("GET /protection-groups/{id}", "GET", "/protection-groups/" + group["id"])
    call("PUT /protection-groups/{id}", "PUT", "/protection-groups/" + group["id"], {"description": "edited"})
    call("DELETE /protection-groups/{id}", "DELETE", "/protection-groups/" + group["id"])
    call("GET /recovery-plans?limit=20", "GET", "/recovery-plans", query={"limit": "20"})
    call("GET /protection-groups?limit=20", "GET", "/protection-groups", query={"limit": "20"})
    call("GET /executions?limit=20", "GET", "/executions", query={"limit": "20"})
    # A seeded plan: the same ~10 finished executions at both scales, among 1,000.
    call("GET /executions?planId=&limit=20", "GET", "/executions",
         query={"planId": "seed-plan-000000", "limit": "20"})
    call("GET /recovery-plans?nameExact=", "GET", "/recovery-plans", query={"nameExact": "Scale plan"})
    call("GET /executions/{id} (finished)", "GET", "/executions/" + finished)
    _, drill = costs.drill(plan, measured=True)
    rows.append(("POST /executions (start)", drill["start"]))
    rows.append(("tick: starts the wave", drill["tick"]))
    rows.append(("tick: wave in flight", drill["tick in flight"]))
    return rows


def table(small, large, small_label, large_label):
    width = max(len(name) for name, _ in small)
    head = "%-*s | %s | %s" % (width, "operation", ("%s plans" % small_label).center(26),
                               ("%s plans" % large_label).center(26))
    sub = "%-*s | %s | %s" % (width, "", "requests  items read  DRS", "requests  items read  DRS")
    lines = [head, sub, "-" * len(sub)]
    for (name, a), (_, b) in zip(small, large):
        flat = "" if (a.requests, a.items, a.drs) == (b.requests, b.items, b.drs) else "  <- differs"
        lines.append("%-*s | %8d  %10d  %3d | %8d  %10d  %3d%s" % (
            width, name, a.requests, a.items, a.drs, b.requests, b.items, b.drs, flat))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", help="bootstrap binary (default: .build/debug/bootstrap)")
    parser.add_argument("--drs-local", help="drs-local binary (default: .build/debug/drs-local)")
    parser.add_argument("--small", type=int, default=100, help="plans stored in the first run")
    parser.add_argument("--large", type=int, default=10_000, help="plans stored in the second run")
    parser.add_argument("--executions", type=int, default=1_000, help="finished executions stored")
    args = parser.parse_args()
    extra = []
    if args.drs_local:
        helpers_resources.BIN = os.path.dirname(os.path.abspath(args.drs_local))
    if args.bootstrap:
        extra = ["--bootstrap", os.path.abspath(args.bootstrap)]

    costs = CostStack(tempfile.mkdtemp(prefix="drs-scale-"), extra_args=extra)
    try:
        plan_group = costs.group(HEALTHY_EAST[0], name="Scale plan group")
        seed_group = costs.group(HEALTHY_EAST[1], name="Scale seed group")
        plan = costs.plan(plan_group, name="Scale plan")
        finished, _ = costs.drill(plan)
        print("seeding %d plans and %d finished executions ..." % (args.small, args.executions), flush=True)
        costs.seed_plans(plan, seed_group, args.small - 1)
        costs.seed_executions(finished, args.executions)
        small = measure(costs, plan, seed_group, HEALTHY_EAST[2], finished, "small")
        print("seeding up to %d plans ..." % args.large, flush=True)
        costs.seed_plans(plan, seed_group, args.large - args.small)
        large = measure(costs, plan, seed_group, HEALTHY_EAST[3], finished, "large")
    finally:
        costs.stop()
    print()
    print("Cost per request with {:,} finished executions stored (DynamoDB items read: GetItem 1, BatchGetItem "
          "its keys, Query/Scan ScannedCount)".format(args.executions))
    print(table(small, large, "{:,}".format(args.small), "{:,}".format(args.large)))
    differing = [name for (name, a), (_, b) in zip(small, large)
                 if (a.requests, a.items, a.drs) != (b.requests, b.items, b.drs)]
    print()
    print("differs with the number of plans: %s" % (", ".join(differing) if differing else "nothing"))


if __name__ == "__main__":
    main()
