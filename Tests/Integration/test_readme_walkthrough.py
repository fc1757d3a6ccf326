"""README's "A drill, end to end", run as written against a stack started the way `make run` starts it.

The walkthrough's shell blocks are the ```bash blocks marked `<!-- walkthrough -->` in README.md.
They run unchanged, as one bash script (later blocks use the variables of earlier ones); the only
substitution is the documented endpoint, when its port is taken on this machine and the stack had
to listen elsewhere.
"""

import json
import os
import re
import subprocess
import urllib.error
import urllib.request

import pytest

from helpers_resources import Api
from stack import ROOT, free_port, start_drs_local

README = os.path.join(ROOT, "README.md")
SECTION = "### A drill, end to end"
MARKER = "<!-- walkthrough -->"
DOCUMENTED_API = "http://127.0.0.1:3000"
DOCUMENTED_COGNITO_ENV = ".build/drs-local/cognito.env"


def walkthrough_blocks(text):
    """The marked ```bash blocks of the walkthrough section, in order."""
    start = text.index(SECTION)
    following = re.search(r"^#{1,3} ", text[start + len(SECTION) :], re.MULTILINE)
    section = text[start : start + len(SECTION) + following.start()] if following else text[start:]
    return re.findall(re.escape(MARKER) + r"\s*\n```bash\n(.*?)^```", section, re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def run_stack(tmp_path_factory):
    """drs-local with `make run`'s arguments and defaults; only taken ports are replaced."""
    directory = tmp_path_factory.mktemp("walkthrough")
    # Its own Cognito environment file: other stacks of the session write the default one.
    cognito_env = str(directory / "cognito.env")
    stack = start_drs_local(
        directory,
        free_port(9001),
        free_port(3000),
        ["--instances", "1", "--moto-port", str(free_port(8000)), "--cognito-env", cognito_env],
        template="template.yaml",
    )
    stack.cognito_env = cognito_env
    yield stack
    stack.stop()


def substitutions(stack):
    """What the test may change in the walkthrough: the values that depend on where and how this
    stack was started — the documented endpoint, when the stack listens elsewhere, and the Cognito
    environment file, which this stack writes beside its log."""
    return {DOCUMENTED_API: stack.api_url, DOCUMENTED_COGNITO_ENV: stack.cognito_env}


def sends_a_token(script):
    return "Authorization: Bearer" in script


def requires_a_token(stack):
    request = urllib.request.Request(stack.api_url + "/protection-groups")
    try:
        with urllib.request.urlopen(request, timeout=10):
            return False
    except urllib.error.HTTPError as error:
        return error.code == 401


def test_the_walkthrough_blocks_are_marked_and_self_contained():
    blocks = walkthrough_blocks(open(README).read())
    assert len(blocks) >= 3, blocks
    script = "\n".join(blocks)
    assert DOCUMENTED_API in blocks[0]
    # Signed in as make run's stack allows: its Cognito file sourced, the guide's initiate-auth.
    assert "source " + DOCUMENTED_COGNITO_ENV in blocks[0], blocks[0]
    assert "--auth-flow USER_PASSWORD_AUTH" in blocks[0], blocks[0]
    curls = re.findall(r"curl [^|)]*", script)
    assert curls and all('-H "Authorization: Bearer $TOKEN"' in curl for curl in curls), curls
    # Nothing for a reader to fill in by hand: every id comes from an earlier answer.
    assert not re.search(r"<[a-z][a-z ]*id>", script), script


def test_the_readme_walkthrough_runs_a_drill_to_completion_on_make_runs_stack(run_stack):
    script = "\n".join(walkthrough_blocks(open(README).read()))
    assert sends_a_token(script) or not requires_a_token(run_stack), (
        "make run's API Gateway answers 401 without a token, and the walkthrough sends none"
    )
    for documented, actual in substitutions(run_stack).items():
        script = script.replace(documented, actual)
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (result.stdout, result.stderr, run_stack.log()[-4000:])
    lines = result.stdout.strip().splitlines()

    # Its own output: the tag group resolves to the two healthy OrderPortal databases, the drill
    # paused before wave 2 and resumed ("running": a resume of anything but a paused execution is
    # refused), ends completed after both waves, and its four recovery instances are terminated.
    resolved = [json.loads(line) for line in lines if line.startswith('{"hostname"') and "selectable" not in line]
    assert sorted(server["hostname"] for server in resolved) == ["orders-db-01", "orders-db-02"], lines
    assert all(server["replicationState"] == "CONTINUOUS" for server in resolved), resolved
    assert "running" in lines, lines
    assert json.loads(lines[-2]) == {"status": "completed", "currentWave": 2, "totalWaves": 2}, lines
    assert lines[-1] == "4", lines

    # And the stack agrees: one DRILL of "2-Tier Recovery", completed, every server launched.
    api = Api(run_stack, "invoke")
    executions = api.get("/executions").body["items"]
    assert len(executions) == 1, executions
    execution = api.get("/executions/" + executions[0]["executionId"]).body
    assert (execution["recoveryPlanName"], execution["executionType"], execution["status"]) == (
        "2-Tier Recovery",
        "DRILL",
        "completed",
    ), execution
    launched = [server for wave in execution["waves"] for server in wave["servers"]]
    assert sorted(server["hostname"] for server in launched) == [
        "orders-db-01",
        "orders-db-02",
        "orders-web-01",
        "orders-web-02",
    ], execution
    assert all(server["launchStatus"] == "LAUNCHED" for server in launched), execution
