"""A counting HTTP proxy between the functions and moto's DynamoDB (in this process, on a thread).

Every request is forwarded unchanged (the Host header too, so SigV4 signatures still verify) and
counted by its X-Amz-Target operation, with the items it read as DynamoDB counts them:

* GetItem: 1; BatchGetItem: the keys it asked for; TransactGetItems: its items;
* Query and Scan: the answer's ScannedCount (items evaluated, before any filter).

and the items it wrote (PutItem, UpdateItem, DeleteItem: 1; BatchWriteItem and
TransactWriteItems: their items, condition checks included).

    proxy = CountingProxy(upstream_port).start()   # proxy.url for --dynamodb-endpoint-for-functions
    proxy.reset(); ...; proxy.snapshot()            # {"requests": {op: n}, "items_read": n, ...}
"""

import http.server
import json
import threading

from proxy_core import forward, relay


def items_read(operation, request, answer):
    if operation == "GetItem":
        return 1
    if operation == "BatchGetItem":
        return sum(len(spec.get("Keys", [])) for spec in request.get("RequestItems", {}).values())
    if operation == "TransactGetItems":
        return len(request.get("TransactItems", []))
    if operation in ("Query", "Scan"):
        return int(answer.get("ScannedCount", answer.get("Count", 0)))
    return 0


def items_written(operation, request):
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        return 1
    if operation == "BatchWriteItem":
        return sum(len(writes) for writes in request.get("RequestItems", {}).values())
    if operation == "TransactWriteItems":
        return len(request.get("TransactItems", []))
    return 0


class CountingProxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.server = None
        self.reset()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def start(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def reset(self):
        with self.lock:
            self.requests = {}
            self.read = 0
            self.written = 0
            self.log = []

    def snapshot(self):
        with self.lock:
            return {
                "requests": dict(self.requests),
                "request_count": sum(self.requests.values()),
                "items_read": self.read,
                "items_written": self.written,
                "log": list(self.log),
            }

    def _record(self, operation, request_body, answer_body):
        try:
            request = json.loads(request_body or b"{}")
        except ValueError:
            request = {}
        try:
            answer = json.loads(answer_body or b"{}")
        except ValueError:
            answer = {}
        read = items_read(operation, request, answer)
        with self.lock:
            self.requests[operation] = self.requests.get(operation, 0) + 1
            self.read += read
            self.written += items_written(operation, request)
            self.log.append(
                (
                    operation,
                    request.get("TableName") or ",".join(request.get("RequestItems", {})),
                    request.get("IndexName"),
                    read,
                )
            )

    def _handler(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                operation = (self.headers.get("X-Amz-Target") or "").split(".")[-1]
                answer = forward(proxy.upstream_port, "POST", self.path, self.headers, body, timeout=60)
                proxy._record(operation, body, answer.body)
                relay(self, answer)

        return Handler
