"""Fixtures for the integration tests: the real binaries, served by drs-local on 127.0.0.1."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, ".build", "debug")
# The function under test: the debug build, or another build of it (BOOTSTRAP=.build/lambda/bootstrap/bootstrap
# runs the suite against the packaged Lambda binary).
BOOTSTRAP = os.path.abspath(os.environ.get("BOOTSTRAP") or os.path.join(BIN, "bootstrap"))
FUNCTION = "drs-orchestration-api-handler-dev"


def free_port(preferred):
    """`preferred` when nothing listens there (the documented default), else any free port."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return probe.getsockname()[1]
            except OSError:
                continue
    raise RuntimeError("no free port")


class Stack:
    def __init__(self, invoke_port, api_port, process, log_path):
        self.invoke_url = "http://127.0.0.1:%d" % invoke_port
        self.api_url = "http://127.0.0.1:%d" % api_port
        self.process = process
        self.log_path = log_path
        self.cognito = None

    def env(self, role="admin"):
        """Environment for AWS clients pointed at the local Invoke API (dummy credentials), and for the
        guide's scripts: the local user pool's client id and the credentials of the seeded `role` user."""
        env = dict(os.environ)
        env.update(
            {
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_REGION": "us-east-1",
                "AWS_PAGER": "",
            }
        )
        if self.cognito:
            env.update(self.cognito.env(role))
        return env

    def signed_in(self):
        """Reads the stack's Cognito pool from its log (a --no-auth stack has none)."""
        from helpers_auth import register

        if "Cognito (moto)" in self.log():
            self.cognito = register(self)
        return self

    def token(self, role="admin"):
        """An IdToken of the seeded `role` user (admin, operator, read-only) from the stack's Cognito."""
        return self.cognito.token(role)

    def admin_token(self):
        return self.token("admin")

    def headers(self, role="admin"):
        """The guide's `Authorization: Bearer <IdToken>` header."""
        return {"Authorization": "Bearer " + self.token(role)} if self.cognito else {}

    def invoke(self, payload):
        """Invoke API call; returns (status, headers, payload bytes)."""
        request = urllib.request.Request(
            "%s/2015-03-31/functions/%s/invocations" % (self.invoke_url, FUNCTION),
            data=payload if isinstance(payload, bytes) else json.dumps(payload).encode(),
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()

    def log(self):
        with open(self.log_path) as log:
            return log.read()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    invoke_port, api_port = free_port(9001), free_port(3000)
    directory = tmp_path_factory.mktemp("drs-local")
    log_path = str(directory / "drs-local.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            os.path.join(BIN, "drs-local"),
            "--bootstrap",
            BOOTSTRAP,
            "--template",
            os.path.join(ROOT, "template.yaml"),
            "--invoke-port",
            str(invoke_port),
            "--api-port",
            str(api_port),
            "--moto-port",
            "0",
            "--drs-port",
            "0",
            "--cognito-env",
            str(directory / "cognito.env"),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    stack = Stack(invoke_port, api_port, process, log_path)
    deadline = time.time() + 60
    while True:
        try:
            # Preflight: needs no token (/health does) and reaches the function.
            ready = urllib.request.Request(stack.api_url + "/health", method="OPTIONS")
            with urllib.request.urlopen(ready, timeout=2) as response:
                if response.status == 200:
                    break
        except Exception:
            pass
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            raise RuntimeError("drs-local did not come up:\n" + stack.log())
        time.sleep(0.2)
    stack.signed_in()
    yield stack
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


# Resource-API tests: the session stack through either transport, and a tracker that deletes what a
# test created (plans, then groups) so tests sharing the stack leave no names, tags or servers claimed.
@pytest.fixture
def api(stack):
    from helpers_resources import Api

    return Api(stack, "invoke")


@pytest.fixture
def gateway(stack):
    from helpers_resources import Api

    return Api(stack, "gateway")


@pytest.fixture
def resources(stack):
    from helpers_resources import Api, Tracker

    tracker = Tracker(Api(stack, "invoke"))
    yield tracker
    tracker.cleanup()
