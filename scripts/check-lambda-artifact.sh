#!/usr/bin/env bash
# Proves that the Lambda zip will start on `provided.al2023` (x86_64) and serves requests:
#
#   1. the zip is at most 10 MB and holds `bootstrap` at its root, executable, identical to the
#      file in the folder SAM's CodeUri points at (when that folder is given);
#   2. the binary is an x86-64 ELF whose interpreter and needed libraries are all in the image:
#      glibc's libraries, libstdc++ and libgcc_s (libcurl and libcrypto are loaded with dlopen,
#      so they must not be needed at load time);
#   3. no symbol version it requires is newer than the image's: GLIBC_2.34, GLIBCXX_3.4.29,
#      CXXABI_1.3.13, GCC_7.0.0 (glibc 2.34, GCC 11) — a newer one makes the loader refuse to
#      start the function ("version `GLIBC_2.35' not found");
#   4. (unless --no-serve) the zip's own bootstrap, run by drs-local with moto and the DRS
#      simulator, answers GET /health and GET /protection-groups (a DynamoDB Scan, signed with
#      libcrypto and sent with libcurl, both dlopen'ed) through the Invoke API.
#
# Usage: scripts/check-lambda-artifact.sh [--zip PATH] [--folder DIR] [--drs-local PATH]
#                                         [--template PATH] [--no-serve]
# Defaults: .build/lambda/drs-orchestration.zip, .build/lambda/bootstrap, .build/debug/drs-local,
# template.yaml (`make package` and `make build` make them). Exits 1 naming every failed check.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZIP="$ROOT/.build/lambda/drs-orchestration.zip"
FOLDER="$ROOT/.build/lambda/bootstrap"
DRS_LOCAL="$ROOT/.build/debug/drs-local"
TEMPLATE="$ROOT/template.yaml"
SERVE=1
MAX_ZIP_BYTES=10000000
FUNCTION=drs-orchestration-api-handler-dev

# What provided.al2023 (x86_64) has: the newest version of each versioned namespace, and the
# libraries a binary may name as NEEDED.
declare -A NEWEST=([GLIBC]=2.34 [GLIBCXX]=3.4.29 [CXXABI]=1.3.13 [GCC]=7.0.0)
ALLOWED_NEEDED="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1 libresolv.so.2
ld-linux-x86-64.so.2 libstdc++.so.6 libgcc_s.so.1"
INTERPRETER=/lib64/ld-linux-x86-64.so.2

while [ $# -gt 0 ]; do
    case "$1" in
        --zip) ZIP="$2"; shift 2 ;;
        --folder) FOLDER="$2"; shift 2 ;;
        --no-folder) FOLDER=""; shift ;;
        --drs-local) DRS_LOCAL="$2"; shift 2 ;;
        --template) TEMPLATE="$2"; shift 2 ;;
        --no-serve) SERVE=0; shift ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

failures=0
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
need() { command -v "$1" >/dev/null || { echo "FAIL  $1 is not installed (needed by this check)"; exit 1; }; }
need readelf
need python3

WORK="$(mktemp -d)"
STACK_PID=""
cleanup() {
    if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
        kill -TERM "$STACK_PID" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$STACK_PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- 1. the zip ------------------------------------------------------------------------------
if [ ! -f "$ZIP" ]; then
    fail "no zip at $ZIP (run 'make package')"
    exit 1
fi
size=$(stat -c %s "$ZIP")
if [ "$size" -le "$MAX_ZIP_BYTES" ]; then
    ok "zip is $size bytes (at most $MAX_ZIP_BYTES)"
else
    fail "zip is $size bytes, more than $MAX_ZIP_BYTES"
fi
# The entry `bootstrap` at the root, its Unix mode, extracted for the checks below.
zip_report=$(python3 - "$ZIP" "$WORK/bootstrap" <<'EOF'
import stat, sys, zipfile
path, out = sys.argv[1], sys.argv[2]
try:
    archive = zipfile.ZipFile(path)
except zipfile.BadZipFile as error:
    print("unreadable: %s" % error); sys.exit(0)
names = archive.namelist()
if "bootstrap" not in names:
    print("missing: entries are %s" % names); sys.exit(0)
info = archive.getinfo("bootstrap")
mode = info.external_attr >> 16
with open(out, "wb") as target:
    target.write(archive.read(info))
executable = info.create_system == 3 and stat.S_ISREG(mode) and mode & 0o111 == 0o111
print("mode %o %s entries=%d" % (mode, "executable" if executable else "not-executable", len(names)))
EOF
)
case "$zip_report" in
    *" executable "*) ok "zip holds bootstrap at its root, executable ($zip_report)" ;;
    mode*) fail "bootstrap in the zip is not executable by everyone ($zip_report): Lambda could not run it" ;;
    *) fail "zip: bootstrap $zip_report"; exit 1 ;;
esac
BIN="$WORK/bootstrap"
chmod 755 "$BIN"
if [ -n "$FOLDER" ]; then
    if cmp -s "$BIN" "$FOLDER/bootstrap"; then
        ok "the CodeUri folder's bootstrap is the zip's"
    else
        fail "$FOLDER/bootstrap differs from the zip's bootstrap (or is missing)"
    fi
fi

# --- 2. ELF header, interpreter, needed libraries ---------------------------------------------
if ! readelf -h "$BIN" >/dev/null 2>&1; then
    fail "bootstrap is not an ELF file"
    exit 1
fi
machine=$(readelf -h "$BIN" | sed -n 's/^ *Machine: *//p')
if [ "$machine" = "Advanced Micro Devices X86-64" ]; then
    ok "x86-64 ELF (the template's Architectures)"
else
    fail "bootstrap is built for '$machine', the template deploys x86_64"
fi
interpreter=$(readelf -l "$BIN" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
if [ -z "$interpreter" ] || [ "$interpreter" = "$INTERPRETER" ]; then
    ok "interpreter ${interpreter:-(none, static)}"
else
    fail "interpreter $interpreter is not $INTERPRETER"
fi
needed=$(readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort)
bad_needed=""
for library in $needed; do
    case " $(echo $ALLOWED_NEEDED) " in
        *" $library "*) ;;
        *) bad_needed="$bad_needed $library" ;;
    esac
done
if [ -z "$bad_needed" ]; then
    ok "needed libraries: $(echo $needed)"
else
    fail "needed libraries not in provided.al2023's base (or meant to be dlopen'ed):$bad_needed"
fi

# --- 3. symbol versions ------------------------------------------------------------------------
# Every version the binary requires (its version-needs section), e.g. "libm.so.6 GLIBC_2.29".
requirements=$(readelf -V --wide "$BIN" | awk '
    /File: / { for (i = 1; i <= NF; i++) if ($i == "File:") file = $(i + 1) }
    /Name: / && file != "" { for (i = 1; i <= NF; i++) if ($i == "Name:") print file, $(i + 1) }' | sort -u)
# Newer-or-equal test with version sort: is $1 newer than $2?
newer() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$1" ]; }
too_new=""
checked=0
while read -r file version; do
    [ -z "$version" ] && continue
    checked=$((checked + 1))
    namespace=${version%%_*}
    number=${version#*_}
    limit=${NEWEST[$namespace]:-}
    if [ -z "$limit" ] || [ "$namespace" = "$version" ]; then
        too_new="$too_new\n      $version from $file (a version the image's libraries are not known to have)"
    elif newer "$number" "$limit"; then
        # Name the symbols that asked for it, so the cause can be found.
        symbols=$(readelf --dyn-syms --wide "$BIN" | awk -v v="$version" '{
            for (i = 1; i <= NF; i++) if ($i ~ /@/) { split($i, part, "@"); if (part[2] == v) print part[1] } }' \
            | sort -u | tr '\n' ' ')
        too_new="$too_new\n      $version from $file (newer than ${namespace}_$limit): ${symbols:-?}"
    fi
done <<< "$requirements"
if [ -z "$too_new" ]; then
    newest=$(echo "$requirements" | awk '{ print $2 }' | sort -V | awk -F_ '{ top[$1] = $0 } END { for (n in top) printf "%s ", top[n] }')
    ok "$checked symbol versions required, none newer than the image's (newest: $newest)"
else
    fail "symbol versions provided.al2023 does not have:$(echo -e "$too_new")"
fi

# --- 4. serving through the local stack --------------------------------------------------------
if [ "$SERVE" = 1 ]; then
    if [ ! -x "$DRS_LOCAL" ]; then
        fail "no drs-local at $DRS_LOCAL (run 'make build'), cannot serve the packaged bootstrap"
    else
        ports=$(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))')
        read -r invoke_port api_port <<< "$ports"
        log="$WORK/drs-local.log"
        (cd "$ROOT" && exec "$DRS_LOCAL" --bootstrap "$BIN" --template "$TEMPLATE" --invoke-port "$invoke_port" \
            --api-port "$api_port" --moto-port 0 --drs-port 0 --tick-interval 0) >"$log" 2>&1 </dev/null &
        STACK_PID=$!
        python3 - "$invoke_port" "$FUNCTION" "$STACK_PID" <<'EOF'
import json, os, socket, sys, time, urllib.error, urllib.request
port, function, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
url = "http://127.0.0.1:%d/2015-03-31/functions/%s/invocations" % (port, function)

def alive():
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return False

def invoke(method, path):
    """(statusCode, body) of the envelope; raises AssertionError naming what went wrong."""
    event = {"httpMethod": method, "path": path, "headers": {}, "queryStringParameters": None, "body": None}
    request = urllib.request.Request(url, data=json.dumps(event).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            error, raw = response.headers.get("X-Amz-Function-Error"), response.read()
    except urllib.error.HTTPError as failure:
        raise AssertionError("Invoke API answered %d: %s" % (failure.code, failure.read()[:500]))
    except OSError as failure:
        raise AssertionError(str(failure))
    if error:
        raise AssertionError("the function failed (%s): %s" % (error, raw[:500]))
    try:
        payload = json.loads(raw)
        return payload["statusCode"], json.loads(payload["body"])
    except (ValueError, KeyError, TypeError):
        raise AssertionError("not an API envelope: %r" % raw[:500])

# drs-local listens once moto, the DRS simulator and the functions' runtimes are started.
deadline = time.time() + 90
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        if not alive() or time.time() > deadline:
            print("FAIL  drs-local did not start with the packaged bootstrap")
            sys.exit(1)
        time.sleep(0.3)
failed = False
for method, path, check in [
        ("GET", "/health", lambda status, body: status == 200 and body.get("status") == "healthy"),
        # A Scan of the groups table in moto, which verifies the SigV4 signature.
        ("GET", "/protection-groups", lambda status, body: status == 200 and isinstance(body.get("groups"), list))]:
    try:
        status, body = invoke(method, path)
    except AssertionError as error:
        print("FAIL  the packaged bootstrap does not serve %s %s: %s" % (method, path, error))
        failed = True
        continue
    if check(status, body):
        print("ok    the packaged bootstrap answers %s %s: %d %s" % (method, path, status, json.dumps(body)[:120]))
    else:
        print("FAIL  %s %s answered %s %s" % (method, path, status, json.dumps(body)[:500]))
        failed = True
sys.exit(1 if failed else 0)
EOF
        if [ $? -ne 0 ]; then
            failures=$((failures + 1))
            echo "      drs-local's log (last 40 lines):"
            tail -40 "$log" | sed 's/^/      | /'
        fi
    fi
fi

if [ "$failures" -gt 0 ]; then
    echo "artifact check: $failures check(s) failed for $ZIP"
    exit 1
fi
echo "artifact check: $ZIP will start on provided.al2023"
