#!/usr/bin/env python3
"""An independent, minimal Lambda Runtime API (written from AWS's documentation, not from our
code) that runs a `bootstrap` binary through a list of events.

It answers `/next` with chunked bodies (as Go's net/http, which the official emulator uses, does for
larger payloads), collects each response or error, then answers the last `/next` with 500 and
checks that the runtime exits promptly, as Lambda's contract requires.

usage: runtime_api_emulator.py BOOTSTRAP EVENTS.json  → prints {"results": [...], "exitCode": n}
"""

import http.server
import json
import queue
import subprocess
import sys
import threading
import time
import uuid

bootstrap, events_path = sys.argv[1], sys.argv[2]
events = json.load(open(events_path))
pending = queue.Queue()
for event in events:
    pending.put(event)
results = {}
connections = set()
done = threading.Event()


class RuntimeAPI(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        connections.add(self.client_address)
        if self.path != "/2018-06-01/runtime/invocation/next":
            return self.reply(404, b'{"errorMessage":"unknown path"}')
        try:
            event = pending.get_nowait()
        except queue.Empty:
            done.set()
            return self.reply(500, b'{"errorMessage":"no more events","errorType":"Emulator.Done"}')
        request_id = str(uuid.uuid4())
        results[request_id] = {"event": event}
        self.order.append(request_id)
        body = json.dumps(event).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test")
        self.send_header("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        half = len(body) // 2
        for chunk in (body[:half], body[half:]):
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        payload = self.rfile.read(length)
        parts = self.path.split("/")
        if len(parts) == 6 and parts[3] == "invocation" and parts[5] in ("response", "error"):
            entry = results.get(parts[4])
            if entry is None:
                return self.reply(400, b'{"errorMessage":"unknown request id"}')
            entry[parts[5]] = json.loads(payload)
            if parts[5] == "error":
                entry["errorTypeHeader"] = self.headers.get("Lambda-Runtime-Function-Error-Type")
            return self.reply(202, b'{"status":"OK"}')
        if self.path == "/2018-06-01/runtime/init/error":
            results["init"] = {"error": json.loads(payload)}
            return self.reply(202, b'{"status":"OK"}')
        return self.reply(404, b'{"errorMessage":"unknown path"}')

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


RuntimeAPI.order = []
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RuntimeAPI)
threading.Thread(target=server.serve_forever, daemon=True).start()
env = {"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:%d" % server.server_address[1], "PATH": "/usr/bin:/bin"}
# The function logs JSON lines on stdout (CloudWatch); keep them out of this report.
child = subprocess.Popen([bootstrap], env=env, stdout=sys.stderr)
try:
    exit_code = child.wait(timeout=30)
except subprocess.TimeoutExpired:
    child.kill()
    exit_code = "did not exit after the Runtime API answered 500"
server.shutdown()
ordered = [results[i] for i in RuntimeAPI.order]
print(
    json.dumps(
        {"results": ordered, "init": results.get("init"), "exitCode": exit_code, "connections": len(connections)}
    )
)
