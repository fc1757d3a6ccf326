"""A fault-injecting HTTP proxy between the functions and moto's DynamoDB.

Requests are forwarded unchanged (the Host header too, so SigV4 signatures still verify) unless a
rule matches. Rules are set through a control endpoint on the same port:

    POST /__faults  {"rules": [RULE, ...], "seed": 7}    replace the rules, reset the counters
    GET  /__faults                                        counters: forwarded, dropped, failed

RULE: {"action": "drop_answer" | "fail_before", "target": "TransactWriteItems" (X-Amz-Target
operation, optional), "body_contains": "text" (optional), "count": n (apply to the first n
matches, default unlimited), "rate": 0.15 (probability per match, default 1), "status": 500}

* drop_answer: forward the request (moto applies it), then close the connection without
  answering — the caller cannot know whether the write happened.
* fail_before: answer a DynamoDB 5xx without forwarding — nothing happened.

Run: python fault_proxy.py LISTEN_PORT UPSTREAM_PORT (prints "ready PORT" once listening).
"""

import http.server
import json
import random
import socket
import sys
import threading

from proxy_core import forward, relay


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.random = random.Random(0)
        self.counters = {}

    def configure(self, spec):
        with self.lock:
            self.rules = [dict(rule, used=0) for rule in spec.get("rules", [])]
            self.random = random.Random(spec.get("seed", 0))
            self.counters = {}

    def count(self, name, target):
        with self.lock:
            key = "%s:%s" % (name, target)
            self.counters[key] = self.counters.get(key, 0) + 1

    def choose(self, target, body):
        """The rule to apply to this request, or None."""
        with self.lock:
            for rule in self.rules:
                if rule.get("target") and rule["target"] != target:
                    continue
                if rule.get("body_contains") and rule["body_contains"].encode() not in body:
                    continue
                if "count" in rule and rule["used"] >= rule["count"]:
                    continue
                if self.random.random() >= rule.get("rate", 1.0):
                    continue
                rule["used"] += 1
                return rule
            return None

    def snapshot(self):
        with self.lock:
            return {"counters": dict(self.counters), "rules": [dict(rule) for rule in self.rules]}


def make_handler(upstream_port, faults):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json", close=False):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path.startswith("/__faults"):
                self._send(200, json.dumps(faults.snapshot()).encode())
            else:
                self._forward(b"")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path.startswith("/__faults"):
                faults.configure(json.loads(body or b"{}"))
                self._send(200, b"{}")
                return
            self._forward(body)

        def _forward(self, body):
            target = (self.headers.get("X-Amz-Target") or "").split(".")[-1]
            rule = faults.choose(target, body)
            if rule and rule["action"] == "fail_before":
                faults.count("failed", target)
                status = rule.get("status", 500)
                error = {
                    "__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                    "message": "injected %d before forwarding" % status,
                }
                self._send(status, json.dumps(error).encode(), "application/x-amz-json-1.0")
                return
            answer = forward(upstream_port, self.command, self.path, self.headers, body, timeout=30)
            if rule and rule["action"] == "drop_answer":
                # Applied upstream; the caller gets a closed connection instead of the answer.
                faults.count("dropped", target)
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            faults.count("forwarded", target)
            relay(self, answer)

    return Handler


def main():
    listen_port, upstream_port = int(sys.argv[1]), int(sys.argv[2])
    faults = Faults()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", listen_port), make_handler(upstream_port, faults))
    server.daemon_threads = True
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
