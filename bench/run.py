#!/usr/bin/env python3
"""Runtime benchmark: `bootstrap` beside two floors measured in the same run.

* C loop (bench/echo_runtime.c): the Runtime API on one raw socket, echoing each event.
* Swift floor (bench/swift-floor/main.swift): the same loop in Swift, built like the Lambda binary
  (static stdlib, non-PIE, no Foundation), answering a constant — what any Swift runtime pays.

All three are driven by the minimal Runtime API server below (one blocking socket, no framework).
Samples are interleaved: every sample cold-starts each runtime in turn (the order rotates), so the
machine's drift hits all of them alike; figures are medians with [min–max] over the samples, and
ratios are taken per sample (paired) before their median. Times are wall clock from this process;
CPU is the child's scheduler time (/proc/PID/task/*/schedstat, nanoseconds).

No-I/O figures use the API Gateway event of `GET /health`. Storage figures run `bootstrap` with the
environment drs-local gives its API function (moto DynamoDB, the DRS simulator), with 50 protection
groups and 50 recovery plans of 3 waves seeded through the API:

  init CPU       the main thread's CPU until its first GET /next (init's own work, robust to load)
  first call     first invocation `GET /protection-groups/{id}` minus the same request warm
  list / create  runtime CPU of `GET /recovery-plans` (50 plans) and `POST /protection-groups`
  RSS            peak RSS (VmHWM) after init and after a mixed warm run; RSS growth over 10,000
                 mixed invocations (after the first 1,000)

`--compare OTHER_BOOTSTRAP` adds a column for another build (e.g. before a change), interleaved too; give it
more than once for several builds.
"""
import argparse
import glob
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
API_FUNCTION = "drs-orchestration-api-handler-dev"


def api_event(method, path, body=None, query=None):
    """The API Gateway proxy event of one request (as the guide's "Lambda Event Format" writes it)."""
    return json.dumps({"httpMethod": method, "path": path, "headers": {}, "queryStringParameters": query,
                       "body": json.dumps(body) if body is not None else None}).encode()


HEALTH = api_event("GET", "/health")


# ---------------------------------------------------------------------------------------------
# The Runtime API server and one runtime process under it

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


def proc_status(pid, key):
    for line in open("/proc/%d/status" % pid):
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
    return 0


class Runtime:
    """One runtime process served by a private Runtime API; `init_ms` is spawn → first GET /next."""

    def __init__(self, binary, env=None):
        self.binary = binary
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        child_env = dict(env or {"PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"})
        child_env["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:%d" % listener.getsockname()[1]
        child_env["LOG_LEVEL"] = "error"
        start = time.perf_counter()
        self.child = subprocess.Popen([binary], env=child_env, stdout=subprocess.DEVNULL)
        sock, _ = listener.accept()
        listener.close()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.conn = Connection(sock)
        self.conn.read_request()  # the first GET /next
        self.init_ms = (time.perf_counter() - start) * 1000
        # The main thread's CPU until then: init's own work, unlike the wall time hardly changed by
        # the machine's load (what init preloads on another thread after its work is not in it).
        pid = self.child.pid
        self.init_cpu_ms = int(open("/proc/%d/task/%d/schedstat" % (pid, pid)).read().split()[0]) / 1e6
        self.count = 0
        self.deadline = b"%d" % (int(time.time() * 1000) + 3_600_000)

    def invoke(self, event):
        """Sends one event; returns (round trip in seconds, response payload)."""
        self.count += 1
        headers = (b"Lambda-Runtime-Aws-Request-Id: req-%d\r\nLambda-Runtime-Deadline-Ms: %s\r\n"
                   b"Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:1:function:bench\r\n"
                   b"Lambda-Runtime-Trace-Id: Root=1-0-0;Sampled=0\r\n" % (self.count, self.deadline))
        sent = time.perf_counter()
        self.conn.send(200, event, headers)
        path, body = self.conn.read_request()
        elapsed = time.perf_counter() - sent
        if not path.endswith(b"/response"):
            raise SystemExit("%s answered %s: %s" % (self.binary, path, body[:300]))
        self.conn.send(202, b'{"status":"OK"}')
        self.conn.read_request()  # next GET /next
        return elapsed, body

    def call(self, method, path, body=None, query=None, status=200):
        """One API request; checks the envelope's status; returns (round trip, decoded body)."""
        elapsed, payload = self.invoke(api_event(method, path, body, query))
        envelope = json.loads(payload)
        if envelope.get("statusCode") != status:
            raise SystemExit("%s %s answered %s: %s" % (method, path, envelope.get("statusCode"), payload[:400]))
        return elapsed, json.loads(envelope["body"]) if envelope.get("body") else None

    def cpu_ns(self):
        """Scheduler CPU time of the live threads (exited threads drop out: use it for deltas)."""
        total = 0
        for path in glob.glob("/proc/%d/task/*/schedstat" % self.child.pid):
            try:
                total += int(open(path).read().split()[0])
            except OSError:
                pass
        return total

    def settle(self, timeout=2.0):
        """Waits until only the main thread is left (a background preload from init has exited), so
        CPU deltas from `cpu_ns` cover every thread that ran."""
        deadline = time.time() + timeout
        while len(os.listdir("/proc/%d/task" % self.child.pid)) > 1 and time.time() < deadline:
            time.sleep(0.002)

    def rss_kib(self):
        return proc_status(self.child.pid, "VmRSS")

    def hwm_kib(self):
        return proc_status(self.child.pid, "VmHWM")

    def stop(self):
        self.conn.send(500, b'{"errorMessage":"done"}')
        try:
            self.child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()
        self.conn.sock.close()


def warm_figures(runtime, event, count):
    """Median round trip (µs) and CPU per invocation (µs) over `count` warm invocations."""
    for _ in range(min(100, count)):
        runtime.invoke(event)
    runtime.settle()
    cpu = runtime.cpu_ns()
    rounds = [runtime.invoke(event)[0] for _ in range(count)]
    return statistics.median(rounds) * 1e6, (runtime.cpu_ns() - cpu) / count / 1000


# ---------------------------------------------------------------------------------------------
# Statistics

def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def paired_ratio(numerators, denominators):
    return summary([a / b for a, b in zip(numerators, denominators) if a is not None and b])


def fmt(stat, digits=2):
    if stat is None:
        return "—"
    if stat["n"] == 1 or stat["min"] == stat["max"]:
        return "%.*f" % (digits, stat["median"])
    return "%.*f [%.*f–%.*f]" % (digits, stat["median"], digits, stat["min"], digits, stat["max"])


def fmt_ratio(stat):
    return "" if stat is None else " (%sx)" % fmt(stat)


# ---------------------------------------------------------------------------------------------
# No-I/O figures: the floors and bootstrap, interleaved

def no_io_samples(binaries, samples, invocations):
    """Per binary: lists of init_ms, init_cpu_ms, warm_us, cpu_us, hwm_init_kib (one entry per sample)."""
    keys = ("init_ms", "init_cpu_ms", "warm_us", "cpu_us", "hwm_init_kib")
    results = {b: {k: [] for k in keys} for b in binaries}
    for sample in range(samples):
        order = binaries[sample % len(binaries):] + binaries[:sample % len(binaries)]
        for binary in order:
            runtime = Runtime(binary)
            results[binary]["init_ms"].append(runtime.init_ms)
            results[binary]["init_cpu_ms"].append(runtime.init_cpu_ms)
            runtime.settle()  # RSS after init includes what init loads in the background
            results[binary]["hwm_init_kib"].append(runtime.hwm_kib())
            warm, cpu = warm_figures(runtime, HEALTH, invocations)
            results[binary]["warm_us"].append(warm)
            results[binary]["cpu_us"].append(cpu)
            runtime.stop()
    return results



# ---------------------------------------------------------------------------------------------
# The local stack: moto and the DRS simulator behind drs-local, and its API function's environment

def inventory_file(directory, count):
    """The simulator's seed inventory plus `count` replicating us-east-1 servers for the bench's groups."""
    with open(os.path.join(ROOT, "Sources", "DRSLocal", "DRSSimulator", "Inventory", "default-inventory.json")) as f:
        template = json.load(f)["regions"]["us-east-1"]["items"][0]
    items, ids = [], []
    for index in range(count):
        server = json.loads(json.dumps(template))
        server_id = "s-%017x" % (0xbe0c4000000000000 + index)
        hostname = "bench-%03d" % index
        server["sourceServerID"] = server_id
        server["arn"] = "arn:aws:drs:us-east-1:123456789012:source-server/" + server_id
        server["tags"] = {"Name": hostname, "Application": "Bench"}
        server["sourceProperties"]["identificationHints"].update(
            {"hostname": hostname, "fqdn": hostname + ".internal", "awsInstanceID": "i-%017x" % index})
        items.append(server)
        ids.append(server_id)
    path = os.path.join(directory, "bench-inventory.json")
    with open(path, "w") as f:
        json.dump({"regions": {"us-east-1": {"items": items}}}, f)
    return path, ids


class LocalStack:
    """drs-local serving moto and the DRS simulator. Its functions run through a wrapper that records
    their environment, so the bench can start `bootstrap` under its own Runtime API with the same one."""

    def __init__(self, drs_local, bootstrap, directory, servers):
        self.directory = directory
        inventory, self.server_ids = inventory_file(directory, servers)
        wrapper = os.path.join(directory, "bootstrap")
        with open(wrapper, "w") as f:
            f.write('#!/bin/sh\nenv > "%s/env.$$"\nexec "%s" "$@"\n' % (directory, os.path.abspath(bootstrap)))
        os.chmod(wrapper, 0o755)
        env = dict(os.environ)
        venv = os.path.join(ROOT, ".venv", "bin")
        env["PATH"] = venv + os.pathsep + env.get("PATH", "")
        ports = [self.free_port() for _ in range(2)]
        self.log = open(os.path.join(directory, "drs-local.log"), "w")
        self.process = subprocess.Popen(
            [os.path.abspath(drs_local), "--bootstrap", wrapper, "--template", os.path.join(ROOT, "template.yaml"),
             "--invoke-port", str(ports[0]), "--api-port", str(ports[1]), "--moto-port", "0", "--drs-port", "0",
             "--tick-interval", "0", "--drs-inventory", inventory, "--drs-inventory-region", "us-east-1"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        self.invoke_url = "http://127.0.0.1:%d" % ports[0]
        deadline = time.time() + 90
        while True:
            try:
                request = urllib.request.Request(
                    "%s/2015-03-31/functions/%s/invocations" % (self.invoke_url, API_FUNCTION), data=HEALTH,
                    method="POST")
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise SystemExit("drs-local did not come up; see %s" % self.log.name)
            time.sleep(0.2)
        self.env = self.function_environment(API_FUNCTION)

    @staticmethod
    def free_port():
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def function_environment(self, function):
        for path in glob.glob(os.path.join(self.directory, "env.*")):
            env = dict(line.rstrip("\n").split("=", 1) for line in open(path) if "=" in line)
            if env.get("AWS_LAMBDA_FUNCTION_NAME") == function:
                return env
        raise SystemExit("no environment recorded for %s" % function)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def seed(binary, env, server_ids, groups, plans):
    """`groups` explicit protection groups (one server each) and `plans` plans of 3 waves, via the API."""
    runtime = Runtime(binary, env=env)
    group_ids = []
    for index in range(groups):
        _, group = runtime.call("POST", "/protection-groups", {
            "name": "Bench group %03d" % index, "region": "us-east-1", "sourceServerIds": [server_ids[index]]},
            status=201)
        group_ids.append(group["id"])
    for index in range(plans):
        waves = [{"name": "Wave %d" % w, "description": "", "pauseBeforeWave": False,
                  "protectionGroupId": group_ids[(index + w) % groups]} for w in range(3)]
        runtime.call("POST", "/recovery-plans", {"name": "Bench plan %03d" % index, "description": "", "waves": waves},
                     status=201)
    _, listed = runtime.call("GET", "/recovery-plans")
    runtime.stop()
    items = listed.get("plans") or listed.get("items") or listed.get("recoveryPlans") or []
    if len(items) != plans:
        raise SystemExit("GET /recovery-plans returned %d plans, expected %d" % (len(items), plans))
    return group_ids


def storage_samples(binaries, env, group_ids, spare_server, samples, repeats):
    """Per binary, per sample: first-call excess, warm CPU of the list and create routes, HWM."""
    keys = ("init_ms", "first_ms", "first_warm_ms", "first_excess_ms", "list_cpu_ms", "list_ms", "create_cpu_ms",
            "create_ms", "hwm_init_kib", "hwm_mixed_kib")
    results = {b: {k: [] for k in keys} for b in binaries}
    path = "/protection-groups/" + group_ids[0]
    for sample in range(samples):
        order = binaries[sample % len(binaries):] + binaries[:sample % len(binaries)]
        for binary in order:
            r = results[binary]
            runtime = Runtime(binary, env=env)
            r["init_ms"].append(runtime.init_ms)
            runtime.settle()  # RSS after init includes what init loads in the background
            r["hwm_init_kib"].append(runtime.hwm_kib())
            first, _ = runtime.call("GET", path)
            warm = statistics.median(runtime.call("GET", path)[0] for _ in range(repeats))
            r["first_ms"].append(first * 1000)
            r["first_warm_ms"].append(warm * 1000)
            r["first_excess_ms"].append((first - warm) * 1000)
            runtime.call("GET", "/recovery-plans")
            runtime.settle()
            cpu, rounds = runtime.cpu_ns(), []
            for _ in range(repeats):
                rounds.append(runtime.call("GET", "/recovery-plans")[0])
            r["list_cpu_ms"].append((runtime.cpu_ns() - cpu) / repeats / 1e6)
            r["list_ms"].append(statistics.median(rounds) * 1000)
            create_cpu, rounds = 0, []
            for _ in range(repeats):
                cpu = runtime.cpu_ns()
                elapsed, group = runtime.call("POST", "/protection-groups", {
                    "name": "Bench create %s" % uuid.uuid4().hex[:10], "region": "us-east-1",
                    "sourceServerIds": [spare_server]}, status=201)
                create_cpu += runtime.cpu_ns() - cpu
                rounds.append(elapsed)
                runtime.call("DELETE", "/protection-groups/" + group["id"])
            r["create_cpu_ms"].append(create_cpu / repeats / 1e6)
            r["create_ms"].append(statistics.median(rounds) * 1000)
            for _ in range(repeats):
                runtime.invoke(HEALTH)
            r["hwm_mixed_kib"].append(runtime.hwm_kib())
            runtime.stop()
    return results


def growth(binary, env, group_ids, invocations):
    """RSS after 1,000 and after `invocations` mixed invocations (in every 100: one list of 50 plans,
    9 group reads, 90 no-I/O requests), and the peak."""
    runtime = Runtime(binary, env=env)
    cycle = [api_event("GET", "/recovery-plans")] + [
        api_event("GET", "/protection-groups/" + group_ids[i]) for i in range(9)] + [HEALTH] * 90
    rss_1000 = None
    for index in range(invocations):
        runtime.invoke(cycle[(index * 11) % len(cycle)])
        if index + 1 == 1000:
            rss_1000 = runtime.rss_kib()
    result = {"rss_1000_kib": rss_1000, "rss_end_kib": runtime.rss_kib(), "hwm_kib": runtime.hwm_kib(),
              "invocations": invocations}
    runtime.stop()
    return result


# ---------------------------------------------------------------------------------------------
# Report

def file_size(path):
    return os.path.getsize(path) if path and os.path.exists(path) else None


def table(names, no_io, storage, grown, sizes):
    floor, c = names["floor"], names["c"]
    columns = [names["bootstrap"]] + (names.get("compare") or [])
    titles = {names["c"]: "C loop", names["floor"]: "Swift floor", names["bootstrap"]: "bootstrap"}
    for other in names.get("compare") or []:
        titles[other] = "compare: " + os.path.basename(other)
    head = ["Figure", "C loop", "Swift floor (× C)"] + ["%s (× Swift floor)" % titles[b] for b in columns]
    rows = []

    def row(label, key, digits=2, scale=1.0, ratios=True):
        def values(binary):
            return [v * scale for v in no_io[binary][key]]
        cells = [label, fmt(summary(values(c)), digits),
                 fmt(summary(values(floor)), digits) + fmt_ratio(paired_ratio(values(floor), values(c)))]
        for binary in columns:
            cells.append(fmt(summary(values(binary)), digits) +
                         (fmt_ratio(paired_ratio(values(binary), values(floor))) if ratios else ""))
        rows.append(cells)

    row("init, median (ms)", "init_ms")
    row("  CPU of init, main thread (ms)", "init_cpu_ms")
    row("warm no-I/O invocation (µs)", "warm_us", 1)
    row("CPU per warm no-I/O invocation (µs)", "cpu_us", 1)
    row("peak RSS after init (MiB)", "hwm_init_kib", 1, 1 / 1024, ratios=False)
    if storage:
        def srow(label, key, digits=2, scale=1.0):
            rows.append([label, "—", "—"] + [fmt(summary([v * scale for v in storage[b][key]]), digits)
                                               for b in columns])
        srow("first `GET /protection-groups/{id}` minus the same warm (ms)", "first_excess_ms")
        srow("  first / warm round trip (ms)", "first_ms")
        srow("  same request warm (ms)", "first_warm_ms")
        srow("peak RSS after init, with DynamoDB env (MiB)", "hwm_init_kib", 1, 1 / 1024)
        srow("peak RSS after a mixed warm run (MiB)", "hwm_mixed_kib", 1, 1 / 1024)
        srow("runtime CPU, `GET /recovery-plans` (50 plans) (ms)", "list_cpu_ms")
        srow("  its round trip (ms)", "list_ms")
        srow("runtime CPU, `POST /protection-groups` (ms)", "create_cpu_ms")
        srow("  its round trip (ms)", "create_ms")
    if grown:
        rows.append(["RSS growth, invocations 1,000 → %s (KiB)" % "{:,}".format(grown[columns[0]]["invocations"]),
                     "—", "—"] + ["%+d (%.1f → %.1f MiB, peak %.1f)" % (
                         g["rss_end_kib"] - g["rss_1000_kib"], g["rss_1000_kib"] / 1024, g["rss_end_kib"] / 1024,
                         g["hwm_kib"] / 1024) for g in (grown[b] for b in columns)])
    rows.append(["binary size (MiB)", "%.2f" % (sizes["c"] / 2**20), "%.2f" % (sizes["floor"] / 2**20)] +
                ["%.1f" % (file_size(b) / 2**20) for b in columns])
    for label, key in (("stripped binary in the zip (MiB)", "stripped"), ("Lambda zip (MiB)", "zip")):
        if sizes.get(key):
            rows.append([label, "", "", "%.1f" % (sizes[key] / 2**20)] + [""] * (len(columns) - 1))
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", default=".build-lambda/release/bootstrap")
    parser.add_argument("--compare", action="append", help="another bootstrap build to measure in the same run")
    parser.add_argument("--drs-local", default=".build/debug/drs-local",
                        help="drs-local that serves moto and the DRS simulator for the storage figures")
    parser.add_argument("--samples", type=int, default=15, help="interleaved cold starts per runtime (no I/O)")
    parser.add_argument("--invocations", type=int, default=2000, help="warm no-I/O invocations per sample")
    parser.add_argument("--storage-samples", type=int, default=7, help="interleaved cold starts with storage")
    parser.add_argument("--repeats", type=int, default=20, help="warm storage requests per figure and sample")
    parser.add_argument("--growth", type=int, default=10_000, help="mixed invocations for the RSS growth figure")
    parser.add_argument("--no-storage", action="store_true", help="only the no-I/O figures")
    parser.add_argument("--zip", default=".build/lambda/drs-orchestration.zip")
    parser.add_argument("--stripped", default=".build/lambda/bootstrap/bootstrap")
    parser.add_argument("--out", default="bench/out/results.json")
    args = parser.parse_args()
    os.chdir(ROOT)
    out_dir = os.path.dirname(args.out)
    os.makedirs(out_dir, exist_ok=True)
    c_loop = os.path.join(out_dir, "echo_runtime")
    floor = os.path.join(out_dir, "swift-floor")
    subprocess.check_call(["cc", "-O2", "-o", c_loop, "bench/echo_runtime.c"])
    subprocess.check_call(["swiftc", "-O", "-static-stdlib", "-Xclang-linker", "-no-pie",
                           "bench/swift-floor/main.swift", "-o", floor])
    names = {"c": c_loop, "floor": floor, "bootstrap": args.bootstrap, "compare": args.compare}
    runtimes = [c_loop, floor, args.bootstrap] + (args.compare or [])
    print("no-I/O: %d interleaved samples of %d warm invocations each ..." % (args.samples, args.invocations),
          flush=True)
    no_io = no_io_samples(runtimes, args.samples, args.invocations)

    storage = grown = None
    if not args.no_storage:
        directory = tempfile.mkdtemp(prefix="drs-bench-")
        stack = LocalStack(args.drs_local, args.bootstrap, directory, servers=51)
        try:
            print("storage: seeding 50 groups and 50 plans of 3 waves through the API ...", flush=True)
            group_ids = seed(args.bootstrap, stack.env, stack.server_ids, 50, 50)
            swift_runtimes = runtimes[2:]
            print("storage: %d interleaved samples ..." % args.storage_samples, flush=True)
            storage = storage_samples(swift_runtimes, stack.env, group_ids, stack.server_ids[50],
                                      args.storage_samples, args.repeats)
            print("storage: RSS over %d mixed invocations ..." % args.growth, flush=True)
            grown = {b: growth(b, stack.env, group_ids, args.growth) for b in swift_runtimes}
        finally:
            stack.stop()
            shutil.rmtree(directory, ignore_errors=True)

    sizes = {"c": file_size(c_loop), "floor": file_size(floor), "zip": file_size(args.zip),
             "stripped": file_size(args.stripped)}
    print()
    print(table(names, no_io, storage, grown, sizes))
    print()
    print("Medians [min–max] over the samples; ratios per sample (paired), then their median. Targets "
          "(DESIGN.md): init ≤ 1.15× Swift floor, warm and CPU ≤ 1.1×, first call ≤ warm + 2 ms, peak RSS ≤ 10 MiB "
          "after init and ≤ 16 MiB after the whole job, no growth, list of 50 plans ≤ 3 ms CPU, create ≤ 2 ms.")
    with open(args.out, "w") as f:
        json.dump({"names": names, "no_io": no_io, "storage": storage, "growth": grown, "sizes": sizes}, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
