"""openapi.yaml: a valid OpenAPI 3.0 document, and a contract the running API keeps.

* The document validates with openapi-spec-validator.
* A walk through every resource on the local API Gateway — created, read, listed, changed, executed
  as a drill, refused — gets answers whose status, headers and body the document declares for that
  operation (schemathesis' response checks).
* schemathesis generates requests for every operation from the document: no 5xx, and no answer the
  document does not declare.

Both run on a private drs-local (fast DRS jobs; its API Gateway verifies Cognito IdTokens, and the calls
carry the seeded admin's unless a step is about callers): generated requests may create what they like
without touching the session stack that the other test modules share.
"""

import json
import os

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from stack import ROOT
from helpers_executions import HEALTHY_EAST, ids_of, exec_stack_fixture, wait_terminal
from helpers_resources import UNINITIALIZED_REGION, Api, uid

DOCUMENT = os.path.join(ROOT, "openapi.yaml")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_path(DOCUMENT)


def authorization(stack, role="admin"):
    """What an API Gateway caller sends: `Authorization: Bearer <IdToken>` of the stack's seeded `role` user."""
    headers = stack.headers(role)
    assert headers, "the contract stack verifies tokens: it must have a Cognito user pool"
    return headers


contract_stack = exec_stack_fixture("openapi")


def test_document_is_a_valid_openapi_3_0_document():
    with open(DOCUMENT) as f:
        document = yaml.safe_load(f)
    assert document["openapi"].startswith("3.0.")
    validate(document)


class Walk:
    """Calls an operation of the document with concrete parameters and checks the answer against it."""

    def __init__(self, stack):
        self.stack = stack
        self.headers = authorization(stack)
        self.seen = set()

    def call(self, method, path_template, status, path_parameters=None, query=None, body=None, raw=None, headers=None):
        operation = schema[path_template][method]
        kwargs = {"path_parameters": path_parameters or {}, "query": query or {}}
        if body is not None:
            kwargs["body"] = body
            kwargs["media_type"] = "application/json"
        case = operation.Case(**kwargs)
        extra = {"headers": dict(self.headers if headers is None else headers)}
        if raw is not None:
            extra["data"] = raw
            extra["headers"]["Content-Type"] = "application/json"
        response = case.call(base_url=self.stack.api_url, **extra)
        case.validate_response(response, checks=CHECKS, headers=extra["headers"])
        assert response.status_code == status, (method, path_template, response.status_code, response.text[:2000])
        self.seen.add((method, path_template, status))
        return json.loads(response.text) if response.text else None


@pytest.fixture(scope="module")
def walk(contract_stack):
    return Walk(contract_stack)


def test_every_resource_answers_as_documented_from_create_to_delete(walk):
    sfx = uid()
    web, app = ids_of(HEALTHY_EAST[:1]), ids_of(HEALTHY_EAST[3:4])
    walk.call("GET", "/health", 200)

    # Protection groups, both casings.
    pg = walk.call(
        "POST",
        "/protection-groups",
        201,
        body={"name": "OpenAPI web %s" % sfx, "region": "us-east-1", "sourceServerIds": web},
    )
    pg2 = walk.call(
        "POST",
        "/protection-groups",
        201,
        body={"GroupName": "OpenAPI app %s" % sfx, "Region": "us-east-1", "SourceServerIds": app},
    )
    walk.call(
        "POST",
        "/protection-groups",
        409,
        body={"name": "openapi WEB %s" % sfx, "region": "us-east-1", "sourceServerIds": ids_of(HEALTHY_EAST[1:2])},
    )
    walk.call("POST", "/protection-groups", 400, body={"region": "us-east-1", "sourceServerIds": web})
    walk.call(
        "POST",
        "/protection-groups",
        400,
        body={"name": "OpenAPI cold %s" % sfx, "region": UNINITIALIZED_REGION, "serverSelectionTags": {"Tier": "Web"}},
    )
    walk.call("GET", "/protection-groups", 200, query={"name": "openapi", "limit": 1})
    walk.call("GET", "/protection-groups", 400, query={"limit": 0})
    walk.call("GET", "/protection-groups/{id}", 200, {"id": pg["id"]})
    walk.call("GET", "/protection-groups/{id}", 404, {"id": "no-such-group"})
    walk.call("PUT", "/protection-groups/{id}", 200, {"id": pg["id"]}, body={"description": "web", "version": 1})
    walk.call("PUT", "/protection-groups/{id}", 409, {"id": pg["id"]}, body={"description": "stale", "Version": 1})
    walk.call("PUT", "/protection-groups/{id}", 400, {"id": pg["id"]}, body={"region": "us-west-2"})
    walk.call("POST", "/protection-groups/{id}/resolve", 200, {"id": pg["id"]})
    walk.call("POST", "/protection-groups/resolve", 200, body={"region": "us-east-1", "tags": {"Purpose": "Web"}})
    walk.call("POST", "/protection-groups/resolve", 400, body={"region": "us-east-1", "tags": {}})

    # Recovery plans.
    plan = walk.call(
        "POST",
        "/recovery-plans",
        201,
        body={
            "name": "OpenAPI plan %s" % sfx,
            "waves": [
                {"name": "Web", "protectionGroupId": pg["id"]},
                {"WaveName": "App", "ProtectionGroupId": pg2["id"], "PauseBeforeWave": False},
            ],
        },
    )
    walk.call(
        "POST",
        "/recovery-plans",
        404,
        body={"name": "OpenAPI orphan %s" % sfx, "waves": [{"name": "W", "protectionGroupId": "nope"}]},
    )
    walk.call("POST", "/recovery-plans", 400, body={"name": "OpenAPI bad %s" % sfx, "waves": "all of them"})
    walk.call("GET", "/recovery-plans", 200, query={"nameExact": "openapi plan %s" % sfx, "hasConflict": "false"})
    walk.call("GET", "/recovery-plans", 400, query={"tag": "no-equals-sign"})
    walk.call("GET", "/recovery-plans/{id}", 200, {"id": plan["id"]})
    walk.call("GET", "/recovery-plans/{id}", 404, {"id": "no-such-plan"})
    walk.call("PUT", "/recovery-plans/{id}", 200, {"id": plan["id"]}, body={"Description": "two waves"})
    walk.call("DELETE", "/protection-groups/{id}", 409, {"id": pg["id"]})

    # An execution: start (both routes), refusals, a finished drill, its clean-up.
    started = walk.call(
        "POST",
        "/executions",
        202,
        body={"PlanId": plan["id"], "ExecutionType": "drill", "clientToken": "openapi-" + sfx},
    )
    assert started["ExecutionId"] == started["executionId"]
    walk.call(
        "POST",
        "/executions",
        202,
        body={"PlanId": plan["id"], "ExecutionType": "drill", "clientToken": "openapi-" + sfx},
    )
    walk.call("POST", "/recovery-plans/{id}/execute", 409, {"id": plan["id"]}, body={"executionType": "DRILL"})
    walk.call("POST", "/executions", 400, body={"recoveryPlanId": plan["id"], "executionType": "PRACTICE"})
    walk.call("POST", "/executions", 404, body={"recoveryPlanId": "no-such-plan", "executionType": "DRILL"})
    walk.call("PUT", "/recovery-plans/{id}", 409, {"id": plan["id"]}, body={"description": "busy"})
    walk.call("POST", "/executions/{id}/resume", 400, {"id": started["executionId"]})
    walk.call("DELETE", "/executions/{id}", 409, {"id": started["executionId"]})
    walk.call("POST", "/executions/{id}/terminate-instances", 409, {"id": started["executionId"]})
    wait_terminal(Api(walk.stack, "invoke"), started["executionId"], timeout=60)
    walk.call("GET", "/executions/{id}", 200, {"id": started["executionId"]})
    walk.call("GET", "/executions", 200, query={"planId": plan["id"], "limit": 5})
    walk.call("GET", "/executions", 400, query={"limit": 500})
    walk.call("POST", "/executions/{id}/pause", 400, {"id": started["executionId"]})
    walk.call("POST", "/executions/{id}/cancel", 400, {"id": started["executionId"]})
    walk.call("POST", "/executions/{id}/terminate-instances", 200, {"id": started["executionId"]})
    walk.call("GET", "/recovery-plans", 200, query={"status": "COMPLETED", "tag": "Purpose=Web"})
    second = walk.call(
        "POST",
        "/recovery-plans/{id}/execute",
        202,
        {"id": plan["id"]},
        body={"executionType": "DRILL", "invocationSource": "CLI", "invocationDetails": {"k": "v"}},
    )
    walk.call("POST", "/executions/{id}/cancel", 200, {"id": second["executionId"]})
    wait_terminal(Api(walk.stack, "invoke"), second["executionId"], timeout=60)
    walk.call("DELETE", "/executions/{id}", 200, {"id": second["executionId"]})
    walk.call("GET", "/executions/{id}", 404, {"id": second["executionId"]})

    # DRS views.
    walk.call("GET", "/drs/source-servers", 200, query={"region": "us-east-1", "currentProtectionGroupId": pg["id"]})
    walk.call("GET", "/drs/source-servers", 400, query={"region": UNINITIALIZED_REGION})
    walk.call("GET", "/drs/source-servers", 400)
    walk.call("GET", "/drs/quotas", 200, query={"region": "us-east-1"})
    walk.call("GET", "/drs/quotas", 200, query={"region": UNINITIALIZED_REGION})

    # Bodies the API cannot read.
    walk.call("POST", "/protection-groups", 400, raw=b"{not json")
    walk.call("POST", "/protection-groups", 400, raw=b"[1, 2]")
    walk.call("POST", "/protection-groups", 413, raw=b'{"name": "' + b"x" * (1024 * 1024 + 1) + b'"}')

    # Callers: no token is API Gateway's 401; a read-only user's change is the API's 403.
    walk.call("GET", "/protection-groups", 401, headers={})
    walk.call(
        "POST",
        "/executions",
        401,
        headers={"Authorization": "Bearer not-a-token"},
        body={"recoveryPlanId": plan["id"], "executionType": "DRILL"},
    )
    walk.call("GET", "/health", 401, headers={})
    reader = authorization(walk.stack, "read-only")
    walk.call("GET", "/recovery-plans/{id}", 200, {"id": plan["id"]}, headers=reader)
    denied = walk.call("DELETE", "/recovery-plans/{id}", 403, {"id": plan["id"]}, headers=reader)
    assert denied["requiredRole"] == "admin" and denied["callerRoles"] == ["read-only"], denied
    operator = authorization(walk.stack, "operator")
    walk.call(
        "POST",
        "/recovery-plans/{id}/execute",
        403,
        {"id": plan["id"]},
        headers=operator,
        body={"executionType": "RECOVERY"},
    )

    # Clean-up through the API itself.
    walk.call("DELETE", "/recovery-plans/{id}", 200, {"id": plan["id"]})
    walk.call("DELETE", "/recovery-plans/{id}", 404, {"id": plan["id"]})
    walk.call("DELETE", "/protection-groups/{id}", 200, {"id": pg["id"]})
    walk.call("DELETE", "/protection-groups/{id}", 200, {"id": pg2["id"]})
    walk.call("DELETE", "/protection-groups/{id}", 404, {"id": pg["id"]})

    operations = {
        (op.method.upper(), op.path)
        for op in (result.ok() for result in schema.get_all_operations())
        if op.method.upper() != "OPTIONS"
    }
    assert operations <= {(method, path) for method, path, _ in walk.seen}, "walk leaves operations out"


def test_unknown_paths_and_methods_get_the_documented_error_bodies(contract_stack):
    """404 NOT_FOUND and 405 METHOD_NOT_ALLOWED are not operations; their bodies are components."""
    import requests
    from openapi_schema_validator import OAS30Validator

    with open(DOCUMENT) as f:
        components = yaml.safe_load(f)["components"]

    def check(response, component):
        body_schema = components["responses"][component]["content"]["application/json"]["schema"]
        # The document's components beside the schema, so its "#/components/..." references resolve.
        OAS30Validator(dict(body_schema, components=components)).validate(response.json())

    headers = authorization(contract_stack)
    missing = requests.get(contract_stack.api_url + "/no-such-route", headers=headers, timeout=30)
    assert missing.status_code == 404, missing.text
    check(missing, "RouteNotFound")
    wrong = requests.patch(contract_stack.api_url + "/executions", headers=headers, timeout=30)
    assert wrong.status_code == 405, wrong.text
    assert "GET" in wrong.headers["Allow"] and "POST" in wrong.headers["Allow"]
    check(wrong, "MethodNotAllowed")


@pytest.fixture(scope="module")
def fuzz_headers(contract_stack):
    return authorization(contract_stack)


lazy = schemathesis.pytest.from_fixture("contract_schema")


@pytest.fixture(scope="module")
def contract_schema():
    return schema


# Bounded for `make test` (and the same examples each run); OPENAPI_FUZZ_EXAMPLES=200 explores
# further with fresh random examples.
FUZZ_EXAMPLES = int(os.environ.get("OPENAPI_FUZZ_EXAMPLES", "0")) or None


@lazy.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES or 20,
    deadline=None,
    derandomize=FUZZ_EXAMPLES is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_generated_requests_get_no_server_error_and_no_undocumented_answer(case, contract_stack, fuzz_headers):
    response = case.call(base_url=contract_stack.api_url, headers=fuzz_headers)
    case.validate_response(response, checks=CHECKS, headers=fuzz_headers)
