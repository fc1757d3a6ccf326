"""Sign-in and roles on the local stack (spec §5), with real IdTokens from drs-local's Cognito in moto.

* The guide's bash drill script (its `aws cognito-idp initiate-auth` included) runs as an operator.
* An operator cannot start a RECOVERY or delete a plan (403 FORBIDDEN, nothing changed); a read-only
  user can list but not start.
* The API Gateway refuses what API Gateway's Cognito authorizer refuses — no token, an expired one, a
  forged one (another key, or a changed payload), one for another client, an access token — with
  401 `{"message":"Unauthorized"}`, and the function never runs.
"""

import base64
import gzip
import json
import os
import time

from joserfc import jwk, jwt

import moto
from helpers_executions import drills_fixture, exec_stack_fixture, get_execution, wait_status, wait_terminal
from helpers_resources import http_call
from test_guide_drills import run_drill_script


auth_stack = exec_stack_fixture("drs-local-auth")
drills = drills_fixture("auth_stack")


def call(stack, method, path, body=None, token=None, role=None, headers=None):
    """The API Gateway with `Authorization: Bearer <token>` (the token of `role` when given)."""
    import urllib.error
    import urllib.request

    if role:
        token = stack.token(role)
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    request = urllib.request.Request(stack.api_url + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), dict(error.headers)


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def moto_signing_key():
    """The key moto signs every pool's tokens with (shipped in its package, as its JWKS's public half)."""
    path = os.path.join(os.path.dirname(moto.__file__), "cognitoidp", "resources", "jwks-private.json.gz")
    with gzip.open(path) as source:
        return jwk.RSAKey.import_key(json.load(source))


def sign(claims, key, kid="dummy"):
    return jwt.encode({"alg": "RS256", "kid": kid}, claims, key)


def test_the_guides_drill_script_runs_as_an_operator(auth_stack, drills, tmp_path):
    name = "Auth Drill %s" % drills.sfx
    plan = drills.plan(["orders-db-01", "orders-app-01"], name=name)
    result = run_drill_script(auth_stack, tmp_path, name, "DRILL", role="operator")
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert "Execution completed successfully!" in result.stdout, result.stdout
    execution_id = result.stdout.split("Execution started: ", 1)[1].split()[0]
    execution = get_execution(drills.api, execution_id)
    assert execution["recoveryPlanId"] == plan["id"] and execution["status"] == "completed"
    # Recorded as the operator who signed in, through API Gateway — not the body's "bash-script"/"CLI".
    assert (execution["initiatedBy"], execution["invocationSource"]) == ("operator@example.com", "API")


def test_an_operator_controls_drills_but_cannot_recover_or_delete(auth_stack, drills):
    plan = drills.plan(["orders-web-01", "orders-web-02"], pauses=[2])
    status, body, _ = call(
        auth_stack, "POST", "/executions", {"recoveryPlanId": plan["id"], "executionType": "RECOVERY"}, role="operator"
    )
    assert status == 403, body
    assert body["error"] == "FORBIDDEN" and body["requiredRole"] == "admin" and body["callerRoles"] == ["operator"]
    assert drills.api.get("/executions", {"planId": plan["id"]}).body["items"] == []

    status, body, _ = call(auth_stack, "DELETE", "/recovery-plans/%s" % plan["id"], role="operator")
    assert status == 403 and body["error"] == "FORBIDDEN" and body["requiredRole"] == "admin", body
    assert drills.api.get("/recovery-plans/%s" % plan["id"]).status == 200

    # A DRILL, its pause before wave 2, the resume and a cancel are the operator's to do.
    status, body, _ = call(
        auth_stack, "POST", "/recovery-plans/%s/execute" % plan["id"], {"executionType": "DRILL"}, role="operator"
    )
    assert status == 202, body
    execution_id = body["executionId"]
    wait_status(drills.api, execution_id, "paused", timeout=30)
    status, body, _ = call(auth_stack, "POST", "/executions/%s/resume" % execution_id, role="operator")
    assert status == 200, body
    done = wait_terminal(drills.api, execution_id)
    assert done["status"] == "completed", done
    # Deleting the finished execution is an admin's.
    status, body, _ = call(auth_stack, "DELETE", "/executions/%s" % execution_id, role="operator")
    assert status == 403 and body["requiredRole"] == "admin", body
    status, body, _ = call(auth_stack, "DELETE", "/executions/%s" % execution_id, role="admin")
    assert status == 200, body


def test_a_read_only_user_can_list_but_not_start(auth_stack, drills):
    plan = drills.plan(["orders-web-03"])
    for path in (
        "/recovery-plans",
        "/protection-groups",
        "/executions",
        "/recovery-plans/%s" % plan["id"],
        "/drs/quotas?region=us-east-1",
    ):
        status, body, _ = call(auth_stack, "GET", path, role="read-only")
        assert status == 200, (path, body)
    status, body, _ = call(
        auth_stack,
        "POST",
        "/protection-groups/resolve",
        {"region": "us-east-1", "tags": {"Tier": "Web"}},
        role="read-only",
    )
    assert status == 200, body
    status, body, _ = call(
        auth_stack, "POST", "/executions", {"recoveryPlanId": plan["id"], "executionType": "DRILL"}, role="read-only"
    )
    assert status == 403, body
    assert (body["error"], body["requiredRole"], body["callerRoles"]) == ("FORBIDDEN", "operator", ["read-only"])
    assert drills.api.get("/executions", {"planId": plan["id"]}).body["items"] == []


def test_the_id_token_carries_the_users_groups_and_the_pools_issuer(auth_stack):
    cognito = auth_stack.cognito
    claims = claims_of(auth_stack.token("operator"))
    assert claims["token_use"] == "id" and claims["aud"] == cognito.client_id
    assert claims["iss"] == "https://cognito-idp.%s.amazonaws.com/%s" % (cognito.region, cognito.pool_id)
    assert claims["email"] == "operator@example.com" and claims["cognito:groups"] == ["DRSOrchestrationOperator"]


def test_tokens_api_gateway_would_refuse_get_401(auth_stack):
    cognito = auth_stack.cognito
    good = claims_of(auth_stack.token("admin"))
    key = moto_signing_key()
    now = int(time.time())
    # The same claims signed with moto's key pass: every refusal below is for the one thing changed.
    assert call(auth_stack, "GET", "/executions", token=sign(dict(good, exp=now + 600), key))[0] == 200

    other_key = jwk.RSAKey.generate_key(2048)
    access = cognito.sign_in(*cognito.users["admin"])["AccessToken"]
    header, payload, signature = auth_stack.token("read-only").split(".")
    admin_payload = (
        base64.urlsafe_b64encode(
            json.dumps(
                dict(claims_of(auth_stack.token("read-only")), **{"cognito:groups": ["DRSOrchestrationAdmin"]})
            ).encode()
        )
        .decode()
        .rstrip("=")
    )
    refused = {
        "no token": None,
        "not a JWT": "opaque-token",
        "expired": sign(dict(good, exp=now - 60, iat=now - 3660), key),
        "signed by another key": sign(good, other_key),
        "payload changed after signing": ".".join([header, admin_payload, signature]),
        "issued to another client": sign(dict(good, aud="some-other-client"), key),
        "issued by another pool": sign(dict(good, iss=good["iss"] + "x"), key),
        "an access token": access,
        "an unknown key id": sign(good, key, kid="not-in-the-jwks"),
    }
    path = "/recovery-plans/refused-%d" % now
    for what, token in refused.items():
        status, body, headers = call(auth_stack, "DELETE", path, token=token)
        assert (status, body) == (401, {"message": "Unauthorized"}), what
        assert headers.get("x-amzn-ErrorType") == "UnauthorizedException", (what, headers)
    # The function never ran for any of them: the gateway logged each as refused, none as invoked.
    lines = [line for line in auth_stack.log().splitlines() if line.startswith("[api] DELETE %s " % path)]
    assert len(lines) == len(refused) and all(" -> 401 (" in line for line in lines), lines


def test_preflight_needs_no_token_health_does_and_the_bare_token_form_works(auth_stack):
    assert call(auth_stack, "OPTIONS", "/executions")[0] == 200
    # The template's authorizer guards /health like every route but preflight; any signed-in user
    # may health-check (the function asks no role for it).
    assert call(auth_stack, "GET", "/health")[0] == 401
    assert call(auth_stack, "GET", "/health", role="read-only")[0] == 200
    assert call(auth_stack, "GET", "/executions")[0] == 401
    bare = {"Authorization": auth_stack.token("read-only")}
    assert call(auth_stack, "GET", "/executions", headers=bare)[0] == 200
    assert http_call(auth_stack.api_url, "GET", "/executions").status == 200  # the helpers' admin token
