"""moto's own server entry point for drs-local's MotoServer (MotoServer.swift says why).

* Exits when its stdin closes: when the process that started it dies (even by SIGKILL), moto goes
  too instead of holding the port.
* Serves one request at a time (a transaction is applied item by item and rolled back by restoring
  a copy of the table, which concurrent requests would undo).

Run: python moto_launcher.py PORT
"""

import os
import sys
import threading


def exit_with_parent():
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_with_parent, daemon=True).start()

import moto.server  # noqa: E402 (after the watchdog: importing moto takes seconds)
import werkzeug.serving  # noqa: E402


def run_serially(*args, **kwargs):
    kwargs["threaded"] = False
    return werkzeug.serving.run_simple(*args, **kwargs)


moto.server.run_simple = run_serially
moto.server.main(["-H", "127.0.0.1", "-p", sys.argv[1]])
