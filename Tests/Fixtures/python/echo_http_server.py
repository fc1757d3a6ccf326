"""A loopback HTTP/1.1 keep-alive server for the Swift transport tests (LocalHTTPServer.swift says
what it answers). Prints its port, serves until its stdin closes.

Run: python echo_http_server.py SECRET_ACCESS_KEY
"""

import http.server
import json
import socket
import sys
import threading
import time
import urllib.parse

lock = threading.Lock()
connections = [0]
SECRET = sys.argv[1]


def verify(method, url, headers, body):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    authorization = headers.get("Authorization", "")
    if not authorization.startswith("AWS4-HMAC-SHA256 "):
        return False, "missing SigV4 Authorization"
    parts = dict(p.strip().split("=", 1) for p in authorization[len("AWS4-HMAC-SHA256 ") :].split(","))
    access_key, _, region, service, _ = parts["Credential"].split("/")
    request = AWSRequest(method=method, url=url, data=body)
    for name in parts["SignedHeaders"].split(";"):
        request.headers[name] = ",".join(headers.get_all(name) or [])
    request.context["timestamp"] = headers["X-Amz-Date"]
    signer = SigV4Auth(Credentials(access_key, SECRET, headers.get("X-Amz-Security-Token")), service, region)
    canonical = signer.canonical_request(request)
    signature = signer.signature(signer.string_to_sign(request, canonical), request)
    return signature == parts["Signature"], canonical


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with lock:
            connections[0] += 1

    def log_message(self, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/slow":
            time.sleep(float(query.get("ms", "1000")) / 1000)
        status = int(query.get("status", "200"))
        with lock:
            count = connections[0]
        reply = {
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
            "connections": count,
        }
        extra = []
        if url.path.startswith("/verify"):
            ok, detail = verify(self.command, "http://" + self.headers["Host"] + self.path, self.headers, body)
            if not ok:
                status = 403
                extra.append(("X-Amzn-ErrorType", "InvalidSignatureException"))
                reply = {"message": "signature mismatch; botocore's canonical request:\n" + detail}
        payload = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Multi", "a")
        self.send_header("X-Multi", "b")
        for name, value in extra:
            self.send_header(name, value)
        if url.path == "/close":
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
