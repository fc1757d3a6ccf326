"""The local stack under test: where the binaries are, and drs-local started, awaited and stopped.

* `ROOT`, `BIN`, `BOOTSTRAP` (the function under test: the debug build, or another build of it —
  BOOTSTRAP=.build/lambda/bootstrap/bootstrap runs the suite against the packaged Lambda binary),
  `FUNCTION` (the function name the Invoke API serves).
* `free_port`: the documented default port when it is free, else any free one.
* `start_drs_local`: drs-local with the given arguments, its log in a directory of the test's; the
  returned `Stack` is up (the gateway answers a preflight through the function) and signed in.
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, ".build", "debug")
BOOTSTRAP = os.path.abspath(os.environ.get("BOOTSTRAP") or os.path.join(BIN, "bootstrap"))
FUNCTION = "drs-orchestration-api-handler-dev"
TEMPLATE = os.path.join(ROOT, "template.yaml")


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
    def __init__(self, invoke_port, api_port, process, log_path, log_file=None):
        self.invoke_url = "http://127.0.0.1:%d" % invoke_port
        self.api_url = "http://127.0.0.1:%d" % api_port
        self.process = process
        self.log_path = log_path
        self._log = log_file
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

    def lambda_client(self):
        """A boto3 Lambda client for the local Invoke API (dummy credentials)."""
        import boto3

        return boto3.client(
            "lambda",
            region_name="us-east-1",
            endpoint_url=self.invoke_url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def aws_cli_invoke(self, payload, out, *arguments):
        """`aws lambda invoke` of the function with `payload` (JSON text) through the Invoke API, the
        answer written to `out`; `arguments` go before it. Returns the finished process."""
        return subprocess.run(
            ["aws", "lambda", "invoke", "--endpoint-url", self.invoke_url, "--function-name", FUNCTION]
            + ["--payload", payload, *arguments, str(out)],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def log(self):
        with open(self.log_path) as log:
            return log.read()

    def stop(self):
        """SIGTERM to drs-local (it stops its children), a kill if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log:
            self._log.close()


def start_drs_local(directory, invoke_port, api_port, arguments=(), template=TEMPLATE):
    """drs-local serving the function under test on `invoke_port` and `api_port`, with `arguments`
    after those; its output goes to `directory`/drs-local.log. Returns the signed-in stack once the
    gateway answers a preflight (which needs no token and reaches the function); a stack that does
    not come up within 60 s is stopped and its log raised."""
    log_path = os.path.join(str(directory), "drs-local.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            os.path.join(BIN, "drs-local"),
            "--bootstrap",
            BOOTSTRAP,
            "--template",
            template,
            "--invoke-port",
            str(invoke_port),
            "--api-port",
            str(api_port),
            *arguments,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    stack = Stack(invoke_port, api_port, process, log_path, log)
    deadline = time.time() + 60
    while True:
        try:
            ready = urllib.request.Request(stack.api_url + "/health", method="OPTIONS")
            with urllib.request.urlopen(ready, timeout=2) as response:
                if response.status == 200:
                    return stack.signed_in()
        except Exception:
            pass
        if process.poll() is not None or time.time() > deadline:
            stack.stop()
            raise RuntimeError("drs-local did not come up:\n" + stack.log())
        time.sleep(0.2)
