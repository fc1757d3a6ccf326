"""What requests cost on the local stack: DynamoDB requests and items read (a `CountingProxy` between
the functions and moto) and DRS calls (the simulator's `/_simulator/stats`), per API call and per
engine tick — with plans and finished executions seeded straight into moto in the stored item
format (clones of items the stack itself wrote, `BatchWriteItem` from Python).

Used by `test_cost.py` (counts that must not grow with what is stored) and `bench/scale.py` (the
scale table of `make bench`).
"""

import time

import boto3

from stack import free_port
from counting_proxy import CountingProxy
from helpers_executions import (
    ORCHESTRATION_FUNCTION,
    TICK_EVENT,
    invoke_function,
    job_timings,
    sim_stats,
    wait_terminal,
)
from helpers_resources import Api, explicit_group, plan_body, server_id, start_stack, uid, wave

PLANS = "drs-orchestration-recovery-plans-dev"
GROUPS = "drs-orchestration-protection-groups-dev"
EXECUTIONS = "drs-orchestration-execution-history-dev"


class Cost:
    """DynamoDB requests, items read and DRS calls of one measured action."""

    def __init__(self, snapshot, drs_calls):
        self.requests = snapshot["request_count"]
        self.items = snapshot["items_read"]
        self.operations = snapshot["requests"]
        self.log = snapshot["log"]
        self.drs_calls = drs_calls
        self.drs = sum(drs_calls.values())

    @property
    def table_scans(self):
        """Scans of a whole table (a sparse index's scan reads only the items in it)."""
        return sum(1 for operation, _, index, _ in self.log if operation == "Scan" and not index)

    def key(self):
        """What must not change with what is stored: requests per operation and items read."""
        return (sorted(self.operations.items()), self.items)

    def __repr__(self):
        return "<%d requests %s, %d items read, DRS %s; %s>" % (
            self.requests,
            self.operations,
            self.items,
            self.drs_calls,
            self.log,
        )


class CostStack:
    """A private stack (no background ticks, moto without signature checks so Python can seed it)
    whose functions reach DynamoDB through a counting proxy."""

    def __init__(self, log_dir, extra_args=()):
        moto_port = free_port(0)
        self.proxy = CountingProxy(moto_port).start()
        drs_port = free_port(0)
        try:
            self.stack = start_stack(
                log_dir,
                extra_args=[
                    "--moto-port",
                    str(moto_port),
                    "--no-verify-signatures",
                    "--dynamodb-endpoint-for-functions",
                    self.proxy.url,
                    "--drs-port",
                    str(drs_port),
                    "--tick-interval",
                    "0",
                    "--drs-job-start-delay",
                    "0.3",
                    "--drs-job-duration",
                    "0.5",
                    *extra_args,
                ],
            )
        except Exception:
            self.proxy.stop()
            raise
        self.stack.drs_url = "http://127.0.0.1:%d" % drs_port
        self.api = Api(self.stack, "invoke")
        self.dynamodb = boto3.client(
            "dynamodb",
            endpoint_url="http://127.0.0.1:%d" % moto_port,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        self.seeded_plans = 0
        self.seeded_executions = 0

    def stop(self):
        try:
            self.stack.stop()
        finally:
            self.proxy.stop()

    # -----------------------------------------------------------------------------------------
    # Measuring

    def measure(self, action):
        """Runs `action()`; returns (its result, its `Cost`)."""
        before = sim_stats(self.stack)["calls"]
        self.proxy.reset()
        result = action()
        snapshot = self.proxy.snapshot()
        after = sim_stats(self.stack)["calls"]
        drs = {op: after.get(op, 0) - before.get(op, 0) for op in after if after.get(op, 0) != before.get(op, 0)}
        return result, Cost(snapshot, drs)

    def call(self, method, path, body=None, query=None, status=200):
        """One API call through the Invoke API; asserts its status; returns (body, cost)."""

        def action():
            response = self.api.call(method, path, body, query)
            assert response.status == status, response
            return response.body

        return self.measure(action)

    def tick(self):
        """One engine tick (the orchestration function); returns (report, cost)."""

        def action():
            status, headers, report = invoke_function(self.stack, ORCHESTRATION_FUNCTION, TICK_EVENT)
            assert status == 200 and "X-Amz-Function-Error" not in headers, report
            return report

        return self.measure(action)

    # -----------------------------------------------------------------------------------------
    # Fixtures made through the API

    def group(self, hostname, name=None):
        response = self.api.post(
            "/protection-groups", explicit_group(name or "Cost %s %s" % (hostname, uid()), [server_id(hostname)])
        )
        assert response.status == 201, response
        return response.body["id"]

    def plan(self, group_id, name=None):
        response = self.api.post("/recovery-plans", plan_body(name or "Cost plan %s" % uid(), [wave("W", group_id)]))
        assert response.status == 201, response
        return response.body["id"]

    def drill(self, plan_id, measured=False):
        """Starts a drill and runs it to the end. With `measured`: the start, the tick that starts
        its wave and a tick with the wave in flight (the job held PENDING meanwhile), as costs."""
        costs = {}
        body = {"recoveryPlanId": plan_id, "executionType": "DRILL", "initiatedBy": "cost"}
        with job_timings(self.stack, 5000, 500):
            started, costs["start"] = self.call("POST", "/executions", body, status=202)
            report, costs["tick"] = self.tick()
            assert report.get("examined") == 1 and report.get("wavesStarted") == 1, report
            report, costs["tick in flight"] = self.tick()
            assert report.get("examined") == 1, report
        wait_terminal(self.api, started["executionId"], timeout=60)
        return started["executionId"], costs

    # -----------------------------------------------------------------------------------------
    # Seeding moto directly

    def item(self, table, key):
        return self.dynamodb.get_item(TableName=table, Key={"pk": {"S": key}}, ConsistentRead=True)["Item"]

    def write_all(self, table, items):
        for start in range(0, len(items), 25):
            requests = {table: [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]}
            while requests:
                answer = self.dynamodb.batch_write_item(RequestItems=requests)
                requests = answer.get("UnprocessedItems") or {}
                if requests:
                    time.sleep(0.05)

    def seed_plans(self, template_plan_id, group_id, count):
        """`count` more plans like `template_plan_id` (using `group_id`), with their name guards."""
        template = self.item(PLANS, template_plan_id)
        items = []
        for index in range(self.seeded_plans, self.seeded_plans + count):
            plan_id = "seed-plan-%06d" % index
            name = "Seeded plan %06d" % index
            plan = {
                k: v
                for k, v in template.items()
                if k
                not in (
                    "activeExecutionId",
                    "lastExecutionId",
                    "lastExecutionStatus",
                    "lastStartTime",
                    "lastEndTime",
                    "writeId",
                )
            }
            plan.update({"pk": {"S": plan_id}, "name": {"S": name}, "nameKey": {"S": name.lower() + "\0" + plan_id}})
            waves = template["waves"]["L"]
            plan["waves"] = {"L": [{"M": dict(w["M"], protectionGroupId={"S": group_id})} for w in waves]}
            items.append(plan)
            items.append(
                {
                    "pk": {"S": "guard#name#" + name.lower()},
                    "kind": {"S": "guard"},
                    "owner": {"S": plan_id},
                    "claimedAt": {"N": "1"},
                }
            )
        self.write_all(PLANS, items)
        self.dynamodb.update_item(
            TableName=GROUPS,
            Key={"pk": {"S": group_id}},
            UpdateExpression="ADD planRefs :n",
            ExpressionAttributeValues={":n": {"N": str(count)}},
        )
        self.seeded_plans += count

    def seed_executions(self, template_execution_id, count):
        """`count` more finished executions like `template_execution_id`, spread over the seeded
        plans, older than anything the stack started."""
        template = self.item(EXECUTIONS, template_execution_id)
        items = []
        for index in range(self.seeded_executions, self.seeded_executions + count):
            execution_id = "seed-exec-%06d" % index
            plan_id = "seed-plan-%06d" % (index % max(1, self.seeded_plans))
            start_ms = 1_600_000_000_000 + index * 60_000
            item = {k: v for k, v in template.items() if k not in ("clientToken", "writeId")}
            item.update(
                {
                    "pk": {"S": execution_id},
                    "executionId": {"S": execution_id},
                    "planId": {"S": plan_id},
                    "planName": {"S": "Seeded plan %s" % plan_id[-6:]},
                    "startTimeMs": {"N": str(start_ms)},
                    "endTimeMs": {"N": str(start_ms + 30_000)},
                    "startTime": {"S": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start_ms / 1000)) + ".000Z"},
                }
            )
            items.append(item)
        self.write_all(EXECUTIONS, items)
        self.seeded_executions += count
