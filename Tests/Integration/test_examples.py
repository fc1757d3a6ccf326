"""examples/: each example run against the local stack, as its AWS service would run it.

* Step Functions (`examples/step-functions/drill.asl.json`): moto's Step Functions engine executes
  the state machine; moto's Lambda calls reach drs-local's Invoke API (moto's engine calls Lambda
  at `localhost:$MOTO_PORT`, so the moto server for this test is started with MOTO_PORT set to
  the stack's Invoke API port).
* SSM Automation (`examples/ssm/drill-automation.yaml`): the runbook's steps are carried out by a
  small interpreter of the actions it uses; every output selector is evaluated with JSONPath
  against the real responses of the function (or of the runbook's own scripts).
* EventBridge Scheduler (`examples/eventbridge/weekly-drill.yaml`): the schedule's Input, resolved
  as CloudFormation and Scheduler resolve it, is sent to the function as is.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
import yaml
from jsonpath_ng import parse as jsonpath

from stack import FUNCTION, ROOT, free_port
from helpers_executions import get_execution, start_exec_stack, wait_for, wait_terminal
from helpers_resources import Api, Tracker, explicit_group, plan_body, server_id, uid, wave

EXAMPLES = os.path.join(ROOT, "examples")
STATE_MACHINE = os.path.join(EXAMPLES, "step-functions", "drill.asl.json")
SSM_DOCUMENT = os.path.join(EXAMPLES, "ssm", "drill-automation.yaml")
SCHEDULE_TEMPLATE = os.path.join(EXAMPLES, "eventbridge", "weekly-drill.yaml")
ACCOUNT, REGION = "123456789012", "us-east-1"


@pytest.fixture(scope="module")
def examples_stack(tmp_path_factory):
    """A private stack with fast DRS jobs and ticks: a drill takes seconds."""
    stack = start_exec_stack(tmp_path_factory.mktemp("examples"))
    yield stack
    stack.stop()


@pytest.fixture
def tracker(examples_stack):
    tracker = Tracker(Api(examples_stack, "invoke"))
    yield tracker
    tracker.cleanup()


def drill_plan(tracker, *waves_hostnames):
    """A plan named uniquely with one explicit group (and wave) per list of hostnames."""
    waves = []
    for index, hostnames in enumerate(waves_hostnames):
        group = tracker.group(explicit_group("ex-%s" % uid(), [server_id(h) for h in hostnames]))
        waves.append(wave("Wave %d" % (index + 1), group["id"]))
    return tracker.plan(plan_body("Example Plan %s" % uid(), waves))


def executions_of(api, plan_id):
    response = api.get("/executions", {"planId": plan_id})
    assert response.status == 200, response
    return response.body["items"]


# ---------------------------------------------------------------------------------------------
# Step Functions, in moto's engine


@pytest.fixture(scope="module")
def sfn(examples_stack, tmp_path_factory):
    """A moto server executing state machines, its Lambda calls sent to the stack's Invoke API."""
    port = free_port(0)
    invoke_port = examples_stack.invoke_url.rsplit(":", 1)[1]
    log_path = str(tmp_path_factory.mktemp("sfn-moto") / "moto.log")
    log = open(log_path, "w")
    env = dict(
        os.environ,
        MOTO_PORT=invoke_port,
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
        AWS_DEFAULT_REGION=REGION,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    endpoint = "http://127.0.0.1:%d" % port
    try:
        deadline = time.time() + 30
        while True:
            try:
                request = urllib.request.Request(
                    endpoint + "/moto-api/config",
                    method="POST",
                    data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode(),
                )
                with urllib.request.urlopen(request, timeout=2):
                    break
            except Exception:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError("moto did not come up:\n" + open(log_path).read())
                time.sleep(0.2)
        yield boto3.client(
            "stepfunctions",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def drill_machine(sfn):
    with open(STATE_MACHINE) as definition:
        response = sfn.create_state_machine(
            name="dr-drill-%s" % uid(),
            definition=definition.read(),
            roleArn="arn:aws:iam::%s:role/dr-drill-state-machine" % ACCOUNT,
        )
    return response["stateMachineArn"]


def run_machine(sfn, machine, machine_input, timeout=120):
    """Starts an execution and waits for its end; returns (describe_execution, last state entered)."""
    arn = sfn.start_execution(stateMachineArn=machine, name="drill-%s" % uid(), input=json.dumps(machine_input))[
        "executionArn"
    ]
    described = wait_for(
        lambda: (lambda d: d if d["status"] != "RUNNING" else None)(sfn.describe_execution(executionArn=arn)),
        timeout,
        interval=0.5,
        what="the state machine to end",
    )
    events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
    entered = [event["stateEnteredEventDetails"]["name"] for event in events if "stateEnteredEventDetails" in event]
    return described, entered


def guide_input(plan_name, initiated_by):
    # The guide's input, plus the optional poll interval (default 30 s) so the test does not wait.
    return {
        "planName": plan_name,
        "executionConfig": {"executionType": "DRILL", "initiatedBy": initiated_by},
        "pollIntervalSeconds": 1,
    }


def test_the_state_machine_invokes_the_function_the_guide_names():
    with open(STATE_MACHINE) as definition:
        states = json.load(definition)["States"]
    tasks = [state for state in states.values() if state["Type"] == "Task"]
    assert len(tasks) == 3
    for task in tasks:
        assert task["Resource"] == "arn:aws:states:::lambda:invoke"
        assert task["Parameters"]["FunctionName"] == FUNCTION


def test_the_step_functions_example_runs_a_drill_of_an_existing_plan_to_success(
    examples_stack, sfn, drill_machine, tracker
):
    api = Api(examples_stack, "invoke")
    plan = drill_plan(tracker, ["orders-web-03"], ["hr-web-01"])
    described, entered = run_machine(sfn, drill_machine, guide_input(plan["name"].upper(), "sfn-example"))

    assert described["status"] == "SUCCEEDED", (described, entered)
    assert entered[-1] == "Success", entered
    assert entered.count("CheckStatus") >= 1 and "StartExecution" in entered, entered
    executions = executions_of(api, plan["id"])
    assert len(executions) == 1, executions
    execution = get_execution(api, executions[0]["executionId"])
    assert (execution["status"], execution["executionType"]) == ("completed", "DRILL"), execution
    assert (execution["initiatedBy"], execution["invocationSource"]) == ("sfn-example", "STEPFUNCTIONS"), execution
    assert execution["invocationDetails"]["executionArn"] == described["executionArn"], execution
    assert [w["status"] for w in execution["waves"]] == ["completed", "completed"], execution


def test_the_step_functions_example_fails_in_plan_not_found_for_an_unknown_plan(examples_stack, sfn, drill_machine):
    described, entered = run_machine(sfn, drill_machine, guide_input("No Such Plan %s" % uid(), "sfn-example"))

    assert described["status"] == "FAILED", described
    assert entered[-1] == "PlanNotFound", entered
    assert described.get("error") == "PlanNotFound", described
    assert "StartExecution" not in entered, entered


def test_the_step_functions_example_fails_with_the_apis_error_when_the_start_is_refused(
    examples_stack, sfn, drill_machine, tracker
):
    # rpt-db-01 is DISCONNECTED in the simulator: the API refuses the start.
    plan = drill_plan(tracker, ["rpt-db-01"])
    described, entered = run_machine(sfn, drill_machine, guide_input(plan["name"], "sfn-example"))

    assert described["status"] == "FAILED", described
    assert entered[-1] == "StartRejected", entered
    api = Api(examples_stack, "invoke")
    assert executions_of(api, plan["id"]) == []
    refusal = api.post("/executions", {"recoveryPlanId": plan["id"], "executionType": "DRILL"})
    assert refusal.status == 400 and refusal.error == "UNHEALTHY_SERVER_REPLICATION", refusal
    assert (described.get("error"), described.get("cause")) == (refusal.error, refusal.body["message"]), described


# ---------------------------------------------------------------------------------------------
# SSM Automation, by an interpreter of the runbook's actions


class AutomationFailed(Exception):
    def __init__(self, step, message):
        super().__init__("%s: %s" % (step, message))
        self.step = step
        self.message = message


PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_:.\-]+)\s*\}\}")
OUTPUT_TYPES = {"String": str, "Integer": int, "Boolean": bool, "StringList": list, "MapList": list, "StringMap": dict}
OPERATORS = {
    "StringEquals": lambda value, operand: str(value) == operand,
    "EqualsIgnoreCase": lambda value, operand: str(value).lower() == str(operand).lower(),
    "NumericEquals": lambda value, operand: float(value) == float(operand),
    "NumericGreater": lambda value, operand: float(value) > float(operand),
    "NumericLesser": lambda value, operand: float(value) < float(operand),
    "BooleanEquals": lambda value, operand: value is operand or str(value).lower() == str(operand).lower(),
}


class Automation:
    """Runs an Automation runbook the way SSM does, for the actions this runbook uses.

    `{{Name}}` and `{{Step.Output}}` are replaced in every input (a value that is only a
    placeholder keeps its type); `{{automation:EXECUTION_ID}}` is the given id. Every output
    selector evaluated is recorded in `evaluated` as (step, output, selector, found).
    """

    def __init__(self, document, parameters, invoke, execution_id):
        self.document = document
        self.invoke = invoke
        self.values = {}
        for name, spec in document["parameters"].items():
            value = parameters.get(name, spec.get("default"))
            assert value is not None, "parameter %s is required" % name
            if "allowedValues" in spec:
                assert value in spec["allowedValues"], (name, value)
            if "allowedPattern" in spec:
                assert re.match(spec["allowedPattern"], value), (name, value)
            self.values[name] = value
        self.values["automation:EXECUTION_ID"] = execution_id
        self.evaluated = []
        self.executed = []

    def render(self, value):
        if isinstance(value, dict):
            return {key: self.render(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.render(item) for item in value]
        if not isinstance(value, str):
            return value
        whole = PLACEHOLDER.fullmatch(value.strip())
        if whole:
            return self.lookup(whole.group(1))
        return PLACEHOLDER.sub(lambda match: self.text(self.lookup(match.group(1))), value)

    def lookup(self, name):
        if name not in self.values:
            raise AutomationFailed("?", "unresolved variable {{%s}}" % name)
        return self.values[name]

    @staticmethod
    def text(value):
        return json.dumps(value) if isinstance(value, bool) else str(value)

    def holds(self, rule):
        if "And" in rule:
            return all(self.holds(item) for item in rule["And"])
        if "Or" in rule:
            return any(self.holds(item) for item in rule["Or"])
        if "Not" in rule:
            return not self.holds(rule["Not"])
        operators = [key for key in rule if key not in ("Variable", "NextStep")]
        assert len(operators) == 1 and operators[0] in OPERATORS, rule
        return OPERATORS[operators[0]](self.render(rule["Variable"]), rule[operators[0]])

    def record_outputs(self, step, result):
        for output in step.get("outputs", []):
            matches = jsonpath(output["Selector"]).find(result)
            assert len(matches) <= 1, (step["name"], output, matches)
            self.evaluated.append((step["name"], output["Name"], output["Selector"], bool(matches)))
            if matches:
                value = matches[0].value
                expected = OUTPUT_TYPES[output["Type"]]
                assert isinstance(value, expected) and not (expected is int and isinstance(value, bool)), (
                    step["name"],
                    output,
                    value,
                )
                self.values["%s.%s" % (step["name"], output["Name"])] = value

    def execute(self, step):
        """Runs one step; returns the name of the step to go to, or None for the next one."""
        self.executed.append(step["name"])
        action, inputs = step["action"], step.get("inputs", {})
        if action == "aws:invokeLambdaFunction":
            inputs = self.render(inputs)
            assert inputs["FunctionName"] == FUNCTION, inputs
            status, headers, payload = self.invoke(json.loads(inputs["Payload"]))
            if "X-Amz-Function-Error" in headers:
                raise AutomationFailed(step["name"], payload.decode())
            self.record_outputs(step, {"StatusCode": status, "Payload": json.loads(payload)})
        elif action == "aws:executeScript":
            assert re.fullmatch(r"python3\.\d+", inputs["Runtime"]), inputs["Runtime"]
            namespace = {}
            exec(compile(inputs["Script"], "<%s>" % step["name"], "exec"), namespace)
            try:
                result = namespace[inputs["Handler"]](self.render(inputs.get("InputPayload", {})), None)
            except Exception as error:
                raise AutomationFailed(step["name"], str(error))
            self.record_outputs(step, {"Payload": result})
        elif action == "aws:branch":
            for choice in inputs["Choices"]:
                if self.holds(choice):
                    return choice["NextStep"]
            return inputs["Default"]
        elif action == "aws:loop":
            assert "Iterators" not in inputs, "only do-while loops are interpreted"
            for _ in range(int(inputs.get("MaxIterations", 100))):
                for nested in inputs["Steps"]:
                    assert self.execute(nested) is None, "no jumps inside a loop"
                if not self.holds(inputs["LoopCondition"]):
                    break
        elif action == "aws:sleep":
            duration = re.fullmatch(r"PT(?:(\d+)M)?(?:(\d+)S)?", self.render(inputs["Duration"]))
            assert duration, inputs
            time.sleep(int(duration.group(1) or 0) * 60 + int(duration.group(2) or 0))
        else:
            raise AssertionError("action %s is not interpreted" % action)
        return None

    def run(self):
        """Runs the main steps; returns the runbook's outputs. Raises AutomationFailed."""
        steps = self.document["mainSteps"]
        index = 0
        while index < len(steps):
            step = steps[index]
            target = self.execute(step) or step.get("nextStep")
            if step.get("isEnd"):
                break
            index = [s["name"] for s in steps].index(target) if target else index + 1
        return {name: self.values.get(name) for name in self.document.get("outputs", [])}


def ssm_document():
    with open(SSM_DOCUMENT) as document:
        return yaml.safe_load(document)


def automation(stack, plan_name):
    parameters = {
        "AutomationAssumeRole": "arn:aws:iam::%s:role/SSMAutomationRole" % ACCOUNT,
        "RecoveryPlanName": plan_name,
        "PollInterval": "PT1S",
    }
    return Automation(ssm_document(), parameters, stack.invoke, "automation-%s" % uid())


def declared_outputs(steps):
    for step in steps:
        for output in step.get("outputs", []):
            yield step["name"], output["Name"]
        yield from declared_outputs(step.get("inputs", {}).get("Steps", []))


def test_the_ssm_runbook_declares_its_outputs_and_invokes_the_function_the_guide_names():
    document = ssm_document()
    assert document["schemaVersion"] == "0.3"
    assert document["parameters"]["LambdaFunctionName"]["default"] == FUNCTION
    declared = {"%s.%s" % pair for pair in declared_outputs(document["mainSteps"])}
    assert set(document["outputs"]) <= declared, (document["outputs"], declared)


def test_the_ssm_runbook_runs_a_drill_to_completion_and_every_selector_finds_its_value(examples_stack, tracker):
    api = Api(examples_stack, "invoke")
    plan = drill_plan(tracker, ["orders-app-01", "orders-app-02"], ["erp-app-01"])
    run = automation(examples_stack, plan["name"])
    outputs = run.run()

    executions = executions_of(api, plan["id"])
    assert len(executions) == 1, executions
    execution = get_execution(api, executions[0]["executionId"])
    assert outputs == {
        "ParsePlanId.PlanId": plan["id"],
        "StartExecution.ExecutionId": execution["executionId"],
        "VerifyCompleted.Status": "completed",
    }, outputs
    assert run.values["ParsePlanId.HasConflict"] is False
    assert run.values["StartExecution.StatusCode"] == 202
    assert json.loads(run.values["StartExecution.StartResponse"])["executionId"] == execution["executionId"]
    assert run.values["CheckStatus.Status"] == "completed" and run.values["CheckStatus.CurrentWave"] == 2
    assert (execution["status"], execution["initiatedBy"], execution["invocationSource"]) == (
        "completed",
        "ssm-iam-auth",
        "SSM",
    ), execution
    assert execution["invocationDetails"] == {"ssmAutomationExecutionId": run.values["automation:EXECUTION_ID"]}
    assert "StartRejected" not in run.executed
    # Every selector of the runbook, evaluated against real answers, found a value of its type.
    found = {(step, name) for step, name, _, ok in run.evaluated if ok}
    assert found == set(declared_outputs(ssm_document()["mainSteps"])), (found, run.evaluated)
    assert all(ok for _, _, _, ok in run.evaluated), run.evaluated


def test_the_ssm_runbook_fails_at_the_plan_lookup_for_an_unknown_plan(examples_stack):
    name = "No Such Plan %s" % uid()
    run = automation(examples_stack, name)
    with pytest.raises(AutomationFailed) as failure:
        run.run()
    assert failure.value.step == "ParsePlanId", failure.value
    assert failure.value.message == "Recovery plan not found: " + name
    assert "StartExecution" not in run.executed


def test_the_ssm_runbook_reports_the_apis_refusal_of_a_start(examples_stack, tracker):
    plan = drill_plan(tracker, ["rpt-db-01"])
    run = automation(examples_stack, plan["name"])
    with pytest.raises(AutomationFailed) as failure:
        run.run()
    assert failure.value.step == "StartRejected", failure.value
    assert failure.value.message.startswith("Start refused: UNHEALTHY_SERVER_REPLICATION: "), failure.value
    assert run.values["StartExecution.StatusCode"] == 400
    assert "StartExecution.ExecutionId" not in run.values
    assert executions_of(Api(examples_stack, "invoke"), plan["id"]) == []


# ---------------------------------------------------------------------------------------------
# EventBridge Scheduler: the schedule's constant input


class CloudFormationLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (`!Sub x` → `{"Fn::Sub": x}`)."""


def _short_form(tag):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        if tag == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {"Ref" if tag == "Ref" else "Fn::" + tag: value}

    return construct


for _tag in (
    "Ref",
    "Sub",
    "GetAtt",
    "Join",
    "Select",
    "Split",
    "If",
    "Equals",
    "Not",
    "And",
    "Or",
    "FindInMap",
    "ImportValue",
    "Base64",
    "GetAZs",
    "Cidr",
):
    CloudFormationLoader.add_constructor("!" + _tag, _short_form(_tag))


def substitute(value, parameters):
    """CloudFormation's `Fn::Sub` (string form) and `Ref` of parameters and pseudo parameters."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        return re.sub(r"\$\{([A-Za-z0-9:]+)\}", lambda match: parameters[match.group(1)], value["Fn::Sub"])
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return parameters[value["Ref"]]
    assert isinstance(value, str), value
    return value


def schedule_template():
    with open(SCHEDULE_TEMPLATE) as template:
        return yaml.load(template, Loader=CloudFormationLoader)


def schedule_parameters(template, plan):
    parameters = {name: spec["Default"] for name, spec in template["Parameters"].items() if "Default" in spec}
    parameters.update(
        {
            "RecoveryPlanId": plan["id"],
            "RecoveryPlanName": plan["name"],
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
        }
    )
    for name, spec in template["Parameters"].items():
        if "AllowedPattern" in spec:
            assert re.fullmatch(spec["AllowedPattern"], parameters[name]), (name, parameters[name])
    return parameters


def scheduler_input(text, scheduled_time, attempt):
    """The context attributes EventBridge Scheduler fills in at each invocation."""
    schedule_arn = "arn:aws:scheduler:%s:%s:schedule/default/weekly-drill" % (REGION, ACCOUNT)
    for attribute, value in (
        ("schedule-arn", schedule_arn),
        ("scheduled-time", scheduled_time),
        ("execution-id", uid()),
        ("attempt-number", str(attempt)),
    ):
        text = text.replace("<aws.scheduler.%s>" % attribute, value)
    return text


def test_the_schedule_template_passes_cfn_lint():
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "cfn-lint"), SCHEDULE_TEMPLATE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_scheduled_input_starts_a_drill_of_the_plan_once_per_scheduled_time(examples_stack, tracker):
    api = Api(examples_stack, "invoke")
    plan = drill_plan(tracker, ["hr-db-01"])
    template = schedule_template()
    parameters = schedule_parameters(template, plan)
    target = template["Resources"]["WeeklyDrillSchedule"]["Properties"]["Target"]
    function_arn = "arn:aws:lambda:%s:%s:function:%s" % (REGION, ACCOUNT, FUNCTION)
    assert substitute(target["Arn"], parameters) == function_arn
    role = template["Resources"][target["RoleArn"]["Fn::GetAtt"][0]]
    statements = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]
    assert [(s["Action"], substitute(s["Resource"], parameters)) for s in statements] == [
        ("lambda:InvokeFunction", function_arn)
    ]

    constant = substitute(target["Input"], parameters)
    status, headers, payload = examples_stack.invoke(scheduler_input(constant, "2030-01-05T06:00:00Z", 1).encode())
    assert status == 200 and "X-Amz-Function-Error" not in headers, payload
    envelope = json.loads(payload)
    assert envelope["statusCode"] == 202, envelope
    assert envelope["status"] == "pending" and envelope["executionType"] == "DRILL", envelope
    execution_id = envelope["ExecutionId"]

    # Scheduler retries a failed delivery with the same scheduled time: no second execution.
    _, _, again = examples_stack.invoke(scheduler_input(constant, "2030-01-05T06:00:00Z", 2).encode())
    assert json.loads(again)["executionId"] == execution_id, again
    assert [e["executionId"] for e in executions_of(api, plan["id"])] == [execution_id]

    execution = wait_terminal(api, execution_id, timeout=60)
    assert execution["status"] == "completed", execution
    assert execution["recoveryPlanId"] == plan["id"]
    assert (execution["initiatedBy"], execution["invocationSource"]) == ("eventbridge-scheduler", "EVENTBRIDGE")
    assert execution["invocationDetails"]["planName"] == plan["name"]
    assert execution["invocationDetails"]["scheduledTime"] == "2030-01-05T06:00:00Z"

    # The next week's run starts a new drill.
    _, _, next_week = examples_stack.invoke(scheduler_input(constant, "2030-01-12T06:00:00Z", 1).encode())
    next_week = json.loads(next_week)
    assert next_week["statusCode"] == 202 and next_week["executionId"] != execution_id, next_week
    assert wait_terminal(api, next_week["executionId"], timeout=60)["status"] == "completed"
