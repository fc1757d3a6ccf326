"""What an operator gets from the function's logs, on a full drill through a private stack.

The children sign with temporary credentials made up here (an `ASIA…` key, a secret and a session
token, as Lambda's execution role gives them), and reach moto and the DRS simulator through two
recording proxies, so the test knows every `Authorization` value the function sent. Then:

* nothing secret is in drs-local's log (which holds every child's stdout and stderr): not the
  secret key, not the session token, not any SigV4 `Authorization` value or signature the children
  sent, not the caller's bearer token;
* every API request left exactly one JSON line (requestId, method, route template, status, error
  code, duration, caller, invocationSource) that is also its EMF document (`Requests`, `Latency`,
  `Errors` by `Route`, and `Errors` by `ErrorCode` for an error), beside the execution metrics;
* every AWS call carried the invocation's X-Ray trace id as `X-Amzn-Trace-Id`.
"""

import base64
import http.client
import json
import re
import secrets
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from stack import free_port
from helpers_executions import start_exec_stack, wait_for, wait_status
from helpers_resources import Api, Tracker, explicit_group, plan_body, server_id, uid, wave

KEY_ID = "ASIA" + secrets.token_hex(8).upper()
SECRET = "obs/" + secrets.token_urlsafe(30)
SESSION_TOKEN = "IQoJb3JpZ2luX2Vj" + secrets.token_urlsafe(120)
CALLER = "drill.lead@example.com"
TRACE = re.compile(r"^Root=1-[0-9a-f]{8}-[0-9a-f]{24}(;|$)")
REQUEST_METRICS = [
    {"Name": "Requests", "Unit": "Count"},
    {"Name": "Latency", "Unit": "Milliseconds"},
    {"Name": "Errors", "Unit": "Count"},
]
LOG_FIELDS = {"requestId", "method", "route", "status", "errorCode", "durationMs", "caller", "invocationSource"}


class RecordingProxy:
    """Forwards every request to 127.0.0.1:`upstream` unchanged (Host included, so signatures stay
    valid) and records its method, path and headers."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.requests = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {name: value for name, value in self.headers.items() if name.lower() != "expect"}
                with proxy.lock:
                    proxy.requests.append(
                        (self.command, self.path, {name.lower(): value for name, value in self.headers.items()})
                    )
                connection = http.client.HTTPConnection("127.0.0.1", proxy.upstream, timeout=60)
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                    self.send_response(response.status)
                    for name, value in response.getheaders():
                        if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                finally:
                    connection.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self):
        """The requests recorded since the last call."""
        with self.lock:
            taken, self.requests = self.requests, []
        return taken

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def fake_id_token(claims):
    """A JWT-shaped bearer token (unsigned: the stack runs --no-auth, so API Gateway passes its
    claims on as the Cognito authorizer would)."""

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return "%s.%s.%s" % (part({"alg": "RS256", "kid": "local"}), part(claims), secrets.token_urlsafe(64))


BEARER = fake_id_token(
    {
        "sub": uid(),
        "email": CALLER,
        "cognito:username": "drill-lead",
        "cognito:groups": ["DRSOrchestrationAdmin"],
        "token_use": "id",
    }
)


def gateway_call(stack, method, path, body=None):
    """(status, body, X-Request-Id) through the API Gateway emulator, as the signed-in caller."""
    request = urllib.request.Request(
        stack.api_url + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Authorization": "Bearer " + BEARER, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read()), response.headers.get("X-Request-Id")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers.get("X-Request-Id")


def json_lines(log):
    """Every JSON object a child printed (drs-local prefixes each line with `[function#n] `)."""
    documents = []
    for line in log.splitlines():
        start = line.find("{")
        if start < 0:
            continue
        try:
            document = json.loads(line[start:])
        except ValueError:
            continue
        if isinstance(document, dict):
            documents.append(document)
    return documents


def request_lines(log, request_id):
    return [d for d in json_lines(log) if d.get("message") == "request" and d.get("requestId") == request_id]


def one_request_line(stack, request_id):
    """The one request line of `request_id` (waits for drs-local to copy it from the child)."""
    assert request_id, "the response carried no X-Request-Id"
    lines = wait_for(lambda: request_lines(stack.log(), request_id), timeout=10, what="request line " + request_id)
    assert len(lines) == 1, lines
    return lines[0]


def assert_request_line(line, method, route, status, error_code, caller, source):
    assert LOG_FIELDS <= set(line), sorted(LOG_FIELDS - set(line))
    assert (line["method"], line["route"], line["status"], line["errorCode"]) == (method, route, status, error_code)
    assert (line["caller"], line["invocationSource"]) == (caller, source), line
    assert isinstance(line["durationMs"], (int, float)) and line["durationMs"] >= 0, line
    # The same line is the request's EMF document.
    assert line["Route"] == ("%s %s" % (method, route) if route else "UNMATCHED"), line
    assert line["Requests"] == 1 and line["Latency"] == line["durationMs"], line
    assert line["Errors"] == (0 if error_code is None else 1), line
    aws = line["_aws"]
    assert isinstance(aws["Timestamp"], int) and aws["Timestamp"] > 1_600_000_000_000, aws
    directives = aws["CloudWatchMetrics"]
    assert directives[0] == {"Namespace": "DRS-Orchestration", "Dimensions": [["Route"]], "Metrics": REQUEST_METRICS}
    if error_code is None:
        assert len(directives) == 1 and "ErrorCode" not in line, line
    else:
        assert line["ErrorCode"] == error_code, line
        assert directives[1:] == [
            {
                "Namespace": "DRS-Orchestration",
                "Dimensions": [["ErrorCode"]],
                "Metrics": [{"Name": "Errors", "Unit": "Count"}],
            }
        ], directives


@pytest.fixture(scope="module")
def observed(tmp_path_factory):
    moto_port, drs_port = free_port(0), free_port(0)
    dynamodb, drs = RecordingProxy(moto_port), RecordingProxy(drs_port)
    env = {
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:%d" % dynamodb.port,
        "AWS_ENDPOINT_URL_DRS": "http://127.0.0.1:%d" % drs.port,
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_SESSION_TOKEN": SESSION_TOKEN,
    }
    args = [
        "--moto-port",
        str(moto_port),
        "--drs-port",
        str(drs_port),
        # moto knows no key made up here; the DRS simulator still verifies every signature.
        "--no-verify-signatures",
        "--no-auth",
    ]
    for name, value in env.items():
        args += ["--env", "%s=%s" % (name, value)]
    try:
        stack = start_exec_stack(tmp_path_factory.mktemp("drs-local-observability"), extra_args=args)
    except Exception:
        dynamodb.stop()
        drs.stop()
        raise
    stack.drs_url = "http://127.0.0.1:%d" % drs_port
    # Table creation at start-up is drs-local's own; from here on, every AWS call is a child's.
    dynamodb.take()
    drs.take()
    stack.proxies = {"dynamodb": dynamodb, "drs": drs}
    yield stack
    stack.stop()
    dynamodb.stop()
    drs.stop()


@pytest.fixture(scope="module")
def drill(observed):
    """A two-wave drill started through API Gateway, polled to completion, then cleaned up."""
    api = Api(observed, "invoke")
    tracker = Tracker(api)
    suffix = uid()
    first = tracker.group(explicit_group("Obs DB " + suffix, [server_id("orders-db-01")]))
    second = tracker.group(explicit_group("Obs App " + suffix, [server_id("orders-app-01")]))
    plan = tracker.plan(plan_body("Obs drill " + suffix, [wave("DB", first["id"]), wave("App", second["id"])]))
    status, started, start_request_id = gateway_call(
        observed, "POST", "/executions", {"recoveryPlanId": plan["id"], "executionType": "DRILL"}
    )
    assert status == 202, started
    execution_id = started["executionId"]
    done = wait_status(api, execution_id, {"completed", "failed", "cancelled"}, timeout=60)
    assert done["status"] == "completed", done
    cleanup = api.post("/executions/%s/terminate-instances" % execution_id, {})
    assert cleanup.status == 200, cleanup
    requests = {name: proxy.take() for name, proxy in observed.proxies.items()}
    yield {
        "api": api,
        "plan": plan,
        "execution_id": execution_id,
        "start_request_id": start_request_id,
        "aws_requests": requests,
    }
    tracker.cleanup()


def test_the_drill_really_signed_with_the_temporary_credentials(drill):
    # Otherwise the scan below would look for strings that were never used.
    sent = drill["aws_requests"]["dynamodb"] + drill["aws_requests"]["drs"]
    assert drill["aws_requests"]["drs"], "no DRS call went through the proxy"
    assert drill["aws_requests"]["dynamodb"], "no DynamoDB call went through the proxy"
    for method, path, headers in sent:
        assert headers.get("x-amz-security-token") == SESSION_TOKEN, (method, path, headers)
        assert ("Credential=%s/" % KEY_ID) in headers.get("authorization", ""), (method, path, headers)


def test_no_credential_token_or_authorization_value_reaches_the_logs(observed, drill):
    log = observed.log()
    assert drill["execution_id"] in log, "the log is not the drill's"
    secrets_sent = {
        "secret access key": SECRET,
        "session token": SESSION_TOKEN,
        "bearer token": BEARER,
        "bearer token signature": BEARER.rsplit(".", 1)[1],
    }
    for method, path, headers in drill["aws_requests"]["dynamodb"] + drill["aws_requests"]["drs"]:
        authorization = headers["authorization"]
        secrets_sent["Authorization of %s %s" % (method, path)] = authorization
        secrets_sent["signature of %s %s" % (method, path)] = authorization.rsplit("Signature=", 1)[1]
    found = sorted(name for name, value in secrets_sent.items() if value in log)
    assert not found, "in drs-local's log: %s" % ", ".join(found)
    assert not re.search(r"AWS4-HMAC-SHA256 Credential=", log), "a SigV4 Authorization header is in the log"


def test_every_aws_call_carries_the_invocations_trace_id(drill):
    sent = drill["aws_requests"]["dynamodb"] + drill["aws_requests"]["drs"]
    traces = [headers.get("x-amzn-trace-id") for _, _, headers in sent]
    missing = [(method, path) for (method, path, _), trace in zip(sent, traces) if not trace or not TRACE.match(trace)]
    assert not missing, missing
    # One trace per invocation: the API calls and the ticks of a drill are many invocations.
    assert len(set(traces)) > 1, set(traces)


def test_a_gateway_request_logs_its_route_caller_and_metrics(observed, drill):
    line = one_request_line(observed, drill["start_request_id"])
    assert_request_line(line, "POST", "/executions", 202, None, CALLER, "API")


def test_a_direct_invocation_logs_route_template_and_no_caller(observed, drill):
    response = drill["api"].get("/executions/" + drill["execution_id"])
    assert response.status == 200, response
    line = one_request_line(observed, response.headers.get("X-Request-Id"))
    assert_request_line(line, "GET", "/executions/{id}", 200, None, None, "LAMBDA")
    assert drill["execution_id"] not in json.dumps(line["route"])


def test_an_error_is_counted_by_its_code(observed, drill):
    response = drill["api"].get("/recovery-plans/00000000-0000-0000-0000-000000000000")
    assert response.status == 404, response
    line = one_request_line(observed, response.headers.get("X-Request-Id"))
    assert_request_line(line, "GET", "/recovery-plans/{id}", 404, "RECOVERY_PLAN_NOT_FOUND", None, "LAMBDA")


def test_unknown_paths_share_one_route_value(observed, drill):
    status, body, request_id = gateway_call(observed, "GET", "/no-such-thing/" + uid())
    assert status == 404, body
    line = one_request_line(observed, request_id)
    assert_request_line(line, "GET", None, 404, "NOT_FOUND", CALLER, "API")


def test_every_request_of_the_drill_left_one_line_and_the_execution_its_metrics(observed, drill):
    documents = json_lines(observed.log())
    requests = [d for d in documents if d.get("message") == "request"]
    ids = [d["requestId"] for d in requests]
    assert len(ids) == len(set(ids)), "a request logged twice"
    routes = {d["Route"] for d in requests}
    assert {
        "POST /protection-groups",
        "POST /recovery-plans",
        "POST /executions",
        "GET /executions/{id}",
        "POST /executions/{id}/terminate-instances",
    } <= routes, routes
    execution_id = drill["execution_id"]
    started = [d for d in documents if d.get("ExecutionsStarted") == 1 and d.get("executionId") == execution_id]
    completed = [d for d in documents if d.get("ExecutionsCompleted") == 1 and d.get("executionId") == execution_id]
    assert len(started) == 1 and len(completed) == 1, (started, completed)
    for document in started + completed:
        assert document["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "DRS-Orchestration", document
