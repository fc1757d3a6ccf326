"""What the DynamoDB proxies in front of moto share: forwarding a request unchanged and relaying
the answer (the Host header too, so SigV4 signatures still verify; hop-by-hop headers dropped)."""

import http.client

_REQUEST_HOP_HEADERS = ("connection", "keep-alive", "proxy-connection")
_ANSWER_HOP_HEADERS = ("transfer-encoding", "connection", "content-length", "keep-alive")


class Answer:
    def __init__(self, status, reason, headers, body):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body


def forward(upstream_port, method, path, request_headers, body, timeout):
    """Sends the request to 127.0.0.1:`upstream_port` and reads the whole answer."""
    upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=timeout)
    try:
        headers = {name: value for name, value in request_headers.items() if name.lower() not in _REQUEST_HOP_HEADERS}
        upstream.request(method, path, body=body, headers=headers)
        response = upstream.getresponse()
        answer_body = response.read()
        answer_headers = [
            (name, value) for name, value in response.getheaders() if name.lower() not in _ANSWER_HOP_HEADERS
        ]
        return Answer(response.status, response.reason, answer_headers, answer_body)
    finally:
        upstream.close()


def relay(handler, answer):
    """Writes `answer` to the client of `handler` (a BaseHTTPRequestHandler)."""
    handler.send_response(answer.status, answer.reason)
    for name, value in answer.headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(answer.body)))
    handler.end_headers()
    handler.wfile.write(answer.body)
