#!/usr/bin/env python3
"""Runtime overhead benchmark: `bootstrap` against a C Runtime-API loop, in the same run.

Both runtimes are driven by the same minimal Runtime API server below (one blocking socket, no
framework, so the server adds as little as possible to either side) with the same event, a
no-I/O `GET /health`. Reported, each as bootstrap / C ratio:

  init      spawn → first `GET /next` (median of several cold starts)
  first     the first invocation's round trip (event sent → response received)
  warm      median round trip over the warm invocations
  cpu       user+system CPU per warm invocation (/proc/PID/stat)
  rss       peak RSS (VmHWM), and RSS growth between invocation 1,000 and the last

Targets (DESIGN.md): init ≤ 2×, warm ≤ 1.5×, cpu ≤ 2×, first ≤ 1 ms, RSS ≤ 10 MiB, no growth.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

EVENT = b'{"httpMethod":"GET","path":"/health"}'
TICK = os.sysconf("SC_CLK_TCK")


class Connection:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def read_request(self):
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            rest += chunk
        self.buf = rest[length:]
        return lines[0].split(b" ")[1], rest[:length]

    def send(self, status, body, headers=b""):
        self.sock.sendall(b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n%s\r\n%s" % (status, len(body), headers, body))


def proc_cpu_ticks(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def proc_status(pid, key):
    for line in open("/proc/%d/status" % pid):
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
    return 0


def run_once(binary, invocations):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    env = {"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:%d" % listener.getsockname()[1], "PATH": "/usr/bin:/bin",
           "LOG_LEVEL": "error"}
    start = time.perf_counter()
    child = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL)
    sock, _ = listener.accept()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn = Connection(sock)
    conn.read_request()  # the first GET /next
    init = time.perf_counter() - start
    rounds = []
    cpu_start = rss_at_1000 = None
    deadline = b"%d" % (int(time.time() * 1000) + 600000)
    for i in range(invocations):
        if i == 100:
            cpu_start = proc_cpu_ticks(child.pid)
        if i == 1000:
            rss_at_1000 = proc_status(child.pid, "VmRSS")
        headers = (b"Lambda-Runtime-Aws-Request-Id: req-%d\r\nLambda-Runtime-Deadline-Ms: %s\r\n"
                   b"Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:1:function:bench\r\n"
                   b"Lambda-Runtime-Trace-Id: Root=1-0-0;Sampled=0\r\n" % (i, deadline))
        sent = time.perf_counter()
        conn.send(200, EVENT, headers)
        path, body = conn.read_request()
        rounds.append(time.perf_counter() - sent)
        if not path.endswith(b"/response"):
            raise SystemExit("%s answered %s: %s" % (binary, path, body[:200]))
        conn.send(202, b'{"status":"OK"}')
        conn.read_request()  # next GET /next
    cpu = proc_cpu_ticks(child.pid) - (cpu_start or 0)
    peak = proc_status(child.pid, "VmHWM")
    rss_end = proc_status(child.pid, "VmRSS")
    conn.send(500, b'{"errorMessage":"done"}')
    child.wait(timeout=10)
    sock.close()
    listener.close()
    warm = rounds[100:] if len(rounds) > 200 else rounds[1:]
    return {
        "init_ms": init * 1000,
        "first_ms": rounds[0] * 1000,
        "warm_us": statistics.median(warm) * 1e6,
        "cpu_us": cpu / TICK / max(1, len(rounds) - 100) * 1e6,
        "peak_rss_mib": peak / 1024,
        "rss_growth_kib": (rss_end - (rss_at_1000 or rss_end)),
    }


def measure(binaries, cold_starts, invocations):
    """Cold starts alternate between the binaries (so machine drift hits both alike), then one warm
    run each; init is the median cold start."""
    inits = {binary: [] for binary in binaries}
    for _ in range(cold_starts):
        for binary in binaries:
            inits[binary].append(run_once(binary, 2)["init_ms"])
    results = []
    for binary in binaries:
        result = run_once(binary, invocations)
        result["init_ms"] = statistics.median(inits[binary])
        results.append(result)
    return results


def through_drs_local(runtime, drs_local, invocations):
    """Median Invoke API round trip with `runtime` serving behind drs-local (end to end, as a user sees it)."""
    import http.client
    import socket as _socket
    with _socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [drs_local, "--bootstrap", runtime, "--invoke-port", str(port), "--api-port", "0", "--template", "template.yaml",
         "--tick-interval", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path = "/2015-03-31/functions/drs-orchestration-api-handler-dev/invocations"
        deadline = time.time() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("POST", path, body=EVENT)
                connection.getresponse().read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        rounds = []
        for _ in range(invocations):
            started = time.perf_counter()
            connection.request("POST", path, body=EVENT)
            connection.getresponse().read()
            rounds.append(time.perf_counter() - started)
        return statistics.median(rounds[len(rounds) // 10:]) * 1e6
    finally:
        process.terminate()
        process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", default=".build/release/bootstrap")
    parser.add_argument("--invocations", type=int, default=10000)
    parser.add_argument("--cold-starts", type=int, default=15)
    parser.add_argument("--out", default="bench/out/results.json")
    parser.add_argument("--drs-local", default=".build/debug/drs-local",
                        help="also time both runtimes end to end through drs-local's Invoke API")
    args = parser.parse_args()
    baseline_bin = "bench/out/echo_runtime"
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    subprocess.check_call(["cc", "-O2", "-o", baseline_bin, "bench/echo_runtime.c"])
    c, swift = measure([baseline_bin, args.bootstrap], args.cold_starts, args.invocations)
    rows = [
        ("init (median cold start)", "init_ms", "ms", 2.0),
        ("first invocation", "first_ms", "ms", None),
        ("warm invocation (median)", "warm_us", "µs", 1.5),
        ("CPU per warm invocation", "cpu_us", "µs", 2.0),
        ("peak RSS", "peak_rss_mib", "MiB", None),
        ("RSS growth after 1,000 inv.", "rss_growth_kib", "KiB", None),
    ]
    print("%-30s %12s %12s %8s %8s" % ("", "C loop", "bootstrap", "ratio", "target"))
    for label, key, unit, target in rows:
        ratio = swift[key] / c[key] if c[key] else float("nan")
        print("%-30s %9.3f %-2s %9.3f %-2s %7.2fx %8s" % (
            label, c[key], unit, swift[key], unit, ratio, ("≤ %.1fx" % target) if target else ""))
    print("targets: first invocation ≤ 1 ms, peak RSS ≤ 10 MiB, no RSS growth")
    if os.path.exists(args.drs_local):
        n = min(args.invocations, 3000)
        c["drs_local_us"] = through_drs_local(baseline_bin, args.drs_local, n)
        swift["drs_local_us"] = through_drs_local(args.bootstrap, args.drs_local, n)
        print("%-30s %9.3f %-2s %9.3f %-2s %7.2fx" % (
            "via drs-local Invoke API", c["drs_local_us"], "µs", swift["drs_local_us"], "µs",
            swift["drs_local_us"] / c["drs_local_us"]))
    json.dump({"c": c, "bootstrap": swift, "invocations": args.invocations}, open(args.out, "w"), indent=2)


if __name__ == "__main__":
    sys.exit(main())
