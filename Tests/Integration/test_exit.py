"""bootstrap exits cleanly when the Runtime API goes away right after init.

Init ends by loading libcurl and libcrypto on a background thread; a process that exits while the
loader is still relocating them used to die by a signal about once in a hundred exits. Here the
Runtime API address is a closed port, so every run exits (status 1) the moment init is done:
the race is hit as often as it can be.
"""

import socket
import subprocess

from stack import BOOTSTRAP

RUNS = 600


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_exit_right_after_init_never_dies_by_a_signal():
    environment = {
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{closed_port()}",
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "PATH": "/usr/bin:/bin",
    }
    statuses = [
        subprocess.run([BOOTSTRAP], env=environment, capture_output=True, timeout=30).returncode for _ in range(RUNS)
    ]
    assert set(statuses) == {1}, {status: statuses.count(status) for status in set(statuses)}
