"""Fixtures for the integration tests: the real binaries, served by drs-local on 127.0.0.1."""

import pytest

from helpers_resources import Api, Tracker
from stack import free_port, start_drs_local


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    directory = tmp_path_factory.mktemp("drs-local")
    stack = start_drs_local(
        directory,
        free_port(9001),
        free_port(3000),
        ["--moto-port", "0", "--drs-port", "0", "--cognito-env", str(directory / "cognito.env")],
    )
    yield stack
    stack.stop()


# Resource-API tests: the session stack through either transport, and a tracker that deletes what a
# test created (plans, then groups) so tests sharing the stack leave no names, tags or servers claimed.
@pytest.fixture
def api(stack):
    return Api(stack, "invoke")


@pytest.fixture
def gateway(stack):
    return Api(stack, "gateway")


@pytest.fixture
def resources(stack):
    tracker = Tracker(Api(stack, "invoke"))
    yield tracker
    tracker.cleanup()
