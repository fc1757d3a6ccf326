"""template.yaml as CloudFormation receives it: packaged by `aws cloudformation package`'s own
exporter (awscli; the S3 upload replaced by a recorder that opens each zip), transformed offline by
aws-sam-translator (no network, no account), then checked for what a deployment relies on: the
authorizer on every method but the CORS preflight, least-privilege roles, retained tables, log
groups, alarms, outputs.

Run alone: .venv/bin/python -m pytest -q Tests/Template
"""

import copy
import json
import os
import stat
import zipfile

import pytest
import yaml
from awscli.customizations.cloudformation.artifact_exporter import Template
from samtranslator.translator.transform import transform

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATE = os.path.join(ROOT, "template.yaml")
# SAM fills AWS::Region and AWS::Partition from a boto3 session's region; nothing is called.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
TABLES = ("ProtectionGroupsTable", "RecoveryPlansTable", "ExecutionHistoryTable")
FUNCTIONS = ("ApiHandlerFunction", "OrchestrationFunction")


class CloudFormationLoader(yaml.SafeLoader):
    """PyYAML with CloudFormation's short-form tags turned into their long form."""


def _intrinsic(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Condition" if suffix == "Condition" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)


class ManagedPolicies:
    """The managed-policy loader SAM asks for policy names (instead of IAM's ListPolicies)."""

    def __init__(self):
        self.loaded = 0

    def load(self):
        self.loaded += 1
        return {
            name: "arn:aws:iam::aws:policy/" + name
            for name in ("AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess", "AmazonDynamoDBFullAccess")
        }


def load_template():
    with open(TEMPLATE) as handle:
        return yaml.load(handle, Loader=CloudFormationLoader)


class RecordingUploader:
    """Stands in for `aws cloudformation package`'s S3 uploader: keeps what each zip holds."""

    BUCKET = "drs-orchestration-artifacts"

    def __init__(self):
        self.archives = []

    def upload_with_dedup(self, path, extension=None, precomputed_md5=None):
        with zipfile.ZipFile(path) as archive:
            self.archives.append({info.filename: info.external_attr >> 16 for info in archive.infolist()})
        return "s3://%s/artifact-%d" % (self.BUCKET, len(self.archives))

    def to_path_style_s3_url(self, key, version=None):
        return "https://s3.amazonaws.com/%s/%s" % (self.BUCKET, key)


@pytest.fixture(scope="module")
def source():
    return load_template()


@pytest.fixture(scope="module")
def packaging(tmp_path_factory):
    """`aws cloudformation package` of a copy of template.yaml whose CodeUri folder holds what
    `make package` puts there (a stand-in `bootstrap`: this test needs no Swift build)."""
    folder = tmp_path_factory.mktemp("package")
    with open(TEMPLATE) as original, open(folder / "template.yaml", "w") as copied:
        copied.write(original.read())
    code = folder / ".build" / "lambda" / "bootstrap"
    code.mkdir(parents=True)
    (code / "bootstrap").write_bytes(b"#!/bin/sh\n")
    (code / "bootstrap").chmod(0o755)
    uploader = RecordingUploader()
    exported = Template("template.yaml", str(folder), uploader).export()
    return exported, uploader


@pytest.fixture(scope="module")
def cfn(packaging):
    exported, _ = packaging
    return transform(copy.deepcopy(exported), {}, ManagedPolicies())


def resources_of(cfn, type_name):
    return {name: resource for name, resource in cfn["Resources"].items() if resource["Type"] == type_name}


def role_statements(cfn, function):
    """Every statement a function's role carries: inline policies and the stack's managed ones."""
    role_name = cfn["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"][0]
    role = cfn["Resources"][role_name]["Properties"]
    statements = []
    for policy in role.get("Policies", []):
        statements += policy["PolicyDocument"]["Statement"]
    managed = []
    for arn in role.get("ManagedPolicyArns", []):
        if isinstance(arn, dict) and "Ref" in arn:
            statements += cfn["Resources"][arn["Ref"]]["Properties"]["PolicyDocument"]["Statement"]
        else:
            managed.append(arn)
    return statements, managed


def actions(statement):
    value = statement["Action"]
    return [value] if isinstance(value, str) else value


def test_packaging_uploads_a_zip_with_an_executable_bootstrap_at_its_root_for_each_function(source, packaging):
    exported, uploader = packaging
    for function in FUNCTIONS:
        assert source["Resources"][function]["Properties"]["CodeUri"] == ".build/lambda/bootstrap/"
        assert exported["Resources"][function]["Properties"]["CodeUri"].startswith("s3://" + uploader.BUCKET)
    # One upload per function, each exactly the folder `make package` fills (not the repository).
    assert len(uploader.archives) == len(FUNCTIONS)
    for archive in uploader.archives:
        assert list(archive) == ["bootstrap"]
        assert archive["bootstrap"] & stat.S_IXUSR


def test_the_packaged_template_transforms_to_functions_with_their_code_in_s3(cfn):
    for function in FUNCTIONS:
        code = cfn["Resources"][function]["Properties"]["Code"]
        assert code["S3Bucket"] == RecordingUploader.BUCKET
        assert code["S3Key"].startswith("artifact-")
        assert cfn["Resources"][function]["Type"] == "AWS::Lambda::Function"
        assert cfn["Resources"][function]["Properties"]["Runtime"] == "provided.al2023"
    assert "Transform" not in cfn


def test_a_template_with_a_local_code_uri_is_refused_as_cloudformation_would(source):
    from samtranslator.model.exceptions import InvalidDocumentException

    with pytest.raises(InvalidDocumentException):
        transform(copy.deepcopy(source), {}, ManagedPolicies())


def test_every_method_but_the_cors_preflight_requires_the_cognito_authorizer(cfn, source):
    (api,) = resources_of(cfn, "AWS::ApiGateway::RestApi").values()
    body = api["Properties"]["Body"]
    schemes = body["securityDefinitions"]
    assert schemes["CognitoAuthorizer"]["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    assert schemes["CognitoAuthorizer"]["name"] == "Authorization"
    assert schemes["CognitoAuthorizer"]["in"] == "header"
    authorizer = schemes["CognitoAuthorizer"]["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "cognito_user_pools"
    assert authorizer["providerARNs"] == [{"Fn::GetAtt": ["UserPool", "Arn"]}]
    guarded, preflights = [], []
    for path, methods in body["paths"].items():
        for method, operation in methods.items():
            if method == "options":
                assert "security" not in operation or operation["security"] == [{"NONE": []}], path
                preflights.append(path)
            else:
                assert operation.get("security") == [{"CognitoAuthorizer": []}], (method, path)
                guarded.append((method, path))
    assert ("get", "/health") in guarded
    assert ("x-amazon-apigateway-any-method", "/{proxy+}") in guarded
    assert ("post", "/executions") in guarded
    events = source["Resources"]["ApiHandlerFunction"]["Properties"]["Events"].values()
    declared = {
        (
            "x-amazon-apigateway-any-method"
            if event["Properties"]["Method"] == "ANY"
            else event["Properties"]["Method"].lower(),
            event["Properties"]["Path"],
        )
        for event in events
        if event["Type"] == "Api"
    }
    assert sorted(guarded) == sorted(declared)
    # CORS preflight answers without a token on every path.
    assert set(preflights) == set(body["paths"])


def test_the_user_pool_signs_in_by_email_with_a_strong_password_and_the_guides_client(cfn, source):
    # Kept like the tables when the stack goes: the team's accounts are data too.
    assert cfn["Resources"]["UserPool"]["DeletionPolicy"] == "Retain"
    assert cfn["Resources"]["UserPool"]["UpdateReplacePolicy"] == "Retain"
    pool = cfn["Resources"]["UserPool"]["Properties"]
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    password = pool["Policies"]["PasswordPolicy"]
    assert password["MinimumLength"] >= 12
    assert all(password[flag] for flag in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))
    assert pool["MfaConfiguration"] == {"Ref": "MfaConfiguration"}
    assert source["Parameters"]["MfaConfiguration"]["AllowedValues"] == ["OFF", "OPTIONAL", "ON"]
    client = cfn["Resources"]["UserPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False
    assert sorted(client["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
    groups = resources_of(cfn, "AWS::Cognito::UserPoolGroup")
    names = {group["Properties"]["GroupName"]["Ref"] for group in groups.values()}
    assert names == {"AdminGroupName", "OperatorGroupName", "ReadOnlyGroupName"}
    defaults = {name: source["Parameters"][name]["Default"] for name in names}
    assert defaults == {
        "AdminGroupName": "DRSOrchestrationAdmin",
        "OperatorGroupName": "DRSOrchestrationOperator",
        "ReadOnlyGroupName": "DRSOrchestrationReadOnly",
    }
    for function in FUNCTIONS:
        variables = cfn["Resources"][function]["Properties"]["Environment"]["Variables"]
        assert variables["ADMIN_GROUP"] == {"Ref": "AdminGroupName"}
        assert variables["OPERATOR_GROUP"] == {"Ref": "OperatorGroupName"}
        assert variables["READONLY_GROUP"] == {"Ref": "ReadOnlyGroupName"}


def test_functions_take_memory_log_level_and_wave_timeout_from_parameters(cfn, source):
    for function in FUNCTIONS:
        properties = cfn["Resources"][function]["Properties"]
        assert properties["MemorySize"] == {"Ref": "MemorySize"}
        assert properties["Environment"]["Variables"]["LOG_LEVEL"] == {"Ref": "LogLevel"}
        assert properties["Environment"]["Variables"]["WAVE_TIMEOUT_SECONDS"] == {"Ref": "WaveTimeoutSeconds"}
        for table, variable in zip(
            TABLES, ("PROTECTION_GROUPS_TABLE", "RECOVERY_PLANS_TABLE", "EXECUTION_HISTORY_TABLE")
        ):
            assert properties["Environment"]["Variables"][variable] == {"Ref": table}
    assert cfn["Resources"]["ApiHandlerFunction"]["Properties"]["FunctionName"] == {
        "Fn::Sub": "drs-orchestration-api-handler-${Environment}"
    }
    # Lambda's bootstrap reads the swift-log level names.
    assert source["Parameters"]["LogLevel"]["AllowedValues"] == [
        "trace",
        "debug",
        "info",
        "notice",
        "warning",
        "error",
        "critical",
    ]


def test_iam_pass_role_only_to_ec2(cfn):
    for function in FUNCTIONS:
        statements, _ = role_statements(cfn, function)
        passing = [statement for statement in statements if "iam:PassRole" in actions(statement)]
        assert passing, function
        for statement in passing:
            assert actions(statement) == ["iam:PassRole"] or statement["Action"] == "iam:PassRole"
            assert statement.get("Condition") == {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
        assert not any(
            action.startswith("iam:") and action != "iam:PassRole"
            for statement in statements
            for action in actions(statement)
        )


def test_no_wildcard_actions_and_ec2_writes_only_through_drs(cfn):
    for function in FUNCTIONS:
        statements, managed = role_statements(cfn, function)
        assert all(statement["Effect"] == "Allow" for statement in statements)
        for statement in statements:
            for action in actions(statement):
                assert "*" not in action, (function, action)
                if action.startswith("ec2:") and not action.startswith("ec2:Describe"):
                    assert statement.get("Condition") == {"Bool": {"aws:ViaAWSService": "true"}}, action
        # SAM's own: logs and X-Ray only.
        assert sorted(arn.rsplit("/", 1)[1] for arn in managed) == [
            "AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess",
        ]


def test_drs_actions_are_the_ones_the_engine_calls_and_their_dependents(cfn):
    launch = {
        "drs:DescribeSourceServers",
        "drs:DescribeJobs",
        "drs:StartRecovery",
        "drs:CreateRecoveryInstanceForDrs",
        "drs:ListTagsForResource",
    }
    granted = {}
    for function in FUNCTIONS:
        statements, _ = role_statements(cfn, function)
        granted[function] = {
            action for statement in statements for action in actions(statement) if action.startswith("drs:")
        }
    assert granted["OrchestrationFunction"] == launch
    assert granted["ApiHandlerFunction"] == launch | {"drs:DescribeRecoveryInstances", "drs:TerminateRecoveryInstances"}


def test_dynamodb_only_on_the_stacks_tables_and_their_indexes(cfn):
    # Every table of the stack (a table added later needs its grant too), and nothing else.
    expected = []
    for table in resources_of(cfn, "AWS::DynamoDB::Table"):
        expected += [{"Fn::GetAtt": [table, "Arn"]}, {"Fn::Sub": "${%s.Arn}/index/*" % table}]
    for function in FUNCTIONS:
        statements, _ = role_statements(cfn, function)
        dynamo = [
            statement
            for statement in statements
            if any(action.startswith("dynamodb:") for action in actions(statement))
        ]
        assert dynamo, function
        for statement in dynamo:
            assert sorted(map(json.dumps, statement["Resource"])) == sorted(map(json.dumps, expected))
            assert all(action.startswith("dynamodb:") for action in actions(statement))
            assert not {"dynamodb:DeleteTable", "dynamodb:CreateTable", "dynamodb:UpdateTable"} & set(
                actions(statement)
            )


def test_tables_survive_stack_deletion_and_replacement(cfn):
    tables = resources_of(cfn, "AWS::DynamoDB::Table")
    assert set(TABLES) <= set(tables)
    for name, table in tables.items():
        assert table.get("DeletionPolicy") == "Retain", name
        assert table.get("UpdateReplacePolicy") == "Retain", name
        assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


def test_each_function_logs_to_its_own_log_group_with_retention(cfn):
    groups = resources_of(cfn, "AWS::Logs::LogGroup")
    for function, name in (
        ("ApiHandlerFunction", "drs-orchestration-api-handler-${Environment}"),
        ("OrchestrationFunction", "drs-orchestration-orchestration-${Environment}"),
    ):
        target = cfn["Resources"][function]["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        group = groups[target]["Properties"]
        assert group["LogGroupName"] == {"Fn::Sub": "/aws/lambda/" + name}
        assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        assert cfn["Resources"][function]["Properties"]["FunctionName"] == {"Fn::Sub": name}


def test_alarms_watch_failed_executions_and_function_errors_and_notify_the_optional_topic(cfn, source):
    alarms = resources_of(cfn, "AWS::CloudWatch::Alarm")
    failed = [
        alarm["Properties"] for alarm in alarms.values() if alarm["Properties"]["MetricName"] == "ExecutionsFailed"
    ]
    assert {alarm["Namespace"] for alarm in failed} == {"DRS-Orchestration"}
    # The EMF line's one dimension (ExecutionMetrics.dimension) with each execution type.
    assert sorted(tuple((d["Name"], d["Value"]) for d in alarm["Dimensions"]) for alarm in failed) == [
        (("ExecutionType", "DRILL"),),
        (("ExecutionType", "RECOVERY"),),
    ]
    errors = [alarm["Properties"] for alarm in alarms.values() if alarm["Properties"]["MetricName"] == "Errors"]
    assert sorted(alarm["Dimensions"][0]["Value"]["Ref"] for alarm in errors) == sorted(FUNCTIONS)
    assert all(alarm["Namespace"] == "AWS/Lambda" for alarm in errors)
    for alarm in failed + errors:
        assert alarm["AlarmActions"] == {
            "Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]
        }
        assert alarm["TreatMissingData"] == "notBreaching"
    assert source["Parameters"]["AlarmTopicArn"]["Default"] == ""
    assert cfn["Conditions"]["HasAlarmTopic"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmTopicArn"}, ""]}]}


def test_outputs_name_everything_a_user_needs(cfn):
    outputs = cfn["Outputs"]
    for name in (
        "ApiUrl",
        "ApiHandlerFunctionName",
        "ApiHandlerFunctionArn",
        "OrchestrationFunctionName",
        "OrchestrationFunctionArn",
        "ProtectionGroupsTableName",
        "RecoveryPlansTableName",
        "ExecutionHistoryTableName",
        "UserPoolId",
        "UserPoolClientId",
    ):
        assert name in outputs, name
    assert outputs["UserPoolId"]["Value"] == {"Ref": "UserPool"}
    assert outputs["UserPoolClientId"]["Value"] == {"Ref": "UserPoolClient"}
    assert outputs["ApiHandlerFunctionArn"]["Value"] == {"Fn::GetAtt": ["ApiHandlerFunction", "Arn"]}
    named_tables = {
        output["Value"]["Ref"]
        for output in outputs.values()
        if isinstance(output["Value"], dict) and "Ref" in output["Value"]
    }
    assert set(resources_of(cfn, "AWS::DynamoDB::Table")) <= named_tables
    # Every output resolves to something the transformed template defines.
    text = json.dumps(outputs)
    for resource in ("Api", "ApiHandlerFunction", "OrchestrationFunction", "UserPool", "UserPoolClient") + TABLES:
        assert resource in cfn["Resources"], resource
        assert resource in text


def test_the_engine_still_ticks_every_minute(cfn):
    rules = resources_of(cfn, "AWS::Events::Rule")
    (rule,) = rules.values()
    assert rule["Properties"]["ScheduleExpression"] == "rate(1 minute)"
    assert rule["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": ["OrchestrationFunction", "Arn"]}
