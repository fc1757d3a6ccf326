"""scripts/check-lambda-artifact.sh tells a zip that starts on provided.al2023 from one that doesn't.

`make artifact-check` runs the script on the real package; these tests feed it small binaries built
here with gcc, each breaking one rule the way a real build would (a symbol from glibc 2.35 or 2.36,
from GCC 12's libstdc++, a library linked instead of dlopen'ed, a mode or a size Lambda refuses),
so that a pass of the real package means something. They also prove the cause's fix: the project's
Sources/CGlibcCompat/compat.c turns a `hypotf@GLIBC_2.35` reference into one glibc 2.34 has.
"""

import os
import random
import shutil
import stat
import subprocess
import zipfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.path.join(ROOT, "scripts", "check-lambda-artifact.sh")
LAMBDA_ZIP = os.path.join(ROOT, "scripts", "lambda-zip.py")
COMPAT = os.path.join(ROOT, "Sources", "CGlibcCompat")
DRS_LOCAL = os.path.join(ROOT, ".build", "debug", "drs-local")
PACKAGED_ZIP = os.path.join(ROOT, ".build", "lambda", "drs-orchestration.zip")

pytestmark = pytest.mark.skipif(
    shutil.which("gcc") is None or shutil.which("g++") is None, reason="needs gcc and g++ to build the probe binaries"
)

HELLO = '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n'
HYPOTF = r"""
#include <math.h>
#include <stdio.h>
int main(void) {
    volatile float x = 3, y = 4, big = 3e38f, inf = INFINITY, nan = NAN;
    printf("%g %g %g %g\n", hypotf(x, y), hypotf(big, big), hypotf(inf, nan), hypotf(nan, y));
    return 0;
}
"""


def build(tmp_path, name, source, compiler="gcc", flags=()):
    """Compiles `source` to tmp_path/name; returns the binary's path."""
    suffix = ".cc" if compiler == "g++" else ".c"
    source_path = tmp_path / (name + suffix)
    source_path.write_text(source)
    binary = tmp_path / name
    subprocess.run([compiler, "-O1", "-o", str(binary), str(source_path), *flags], check=True, capture_output=True)
    return binary


def package(tmp_path, binary):
    """The Lambda zip of `binary`, written by the script `make package` uses."""
    target = tmp_path / (binary.name + ".zip")
    subprocess.run(["python3", LAMBDA_ZIP, str(binary), str(target)], check=True, capture_output=True)
    return target


def check(zip_path, *args):
    result = subprocess.run(
        [CHECK, "--zip", str(zip_path), "--no-folder", *args], capture_output=True, text=True, timeout=300
    )
    return result.returncode, result.stdout + result.stderr


def check_static(zip_path):
    return check(zip_path, "--no-serve")


def test_a_binary_needing_nothing_newer_than_glibc_2_34_passes(tmp_path):
    code, output = check_static(package(tmp_path, build(tmp_path, "hello", HELLO)))
    assert code == 0, output
    assert "none newer than the image's" in output
    assert "needed libraries: libc.so.6" in output


def test_hypotf_from_this_glibc_is_refused_and_named(tmp_path):
    # What the static Swift runtime asked for before the fix.
    binary = build(tmp_path, "hypotf", HYPOTF, flags=["-lm"])
    code, output = check_static(package(tmp_path, binary))
    assert code == 1, output
    assert "GLIBC_2.35 from libm.so.6" in output and "hypotf" in output, output


def test_the_compat_hypotf_needs_only_baseline_glibc_and_computes_the_same(tmp_path):
    plain = build(tmp_path, "plain", HYPOTF, flags=["-lm"])
    fixed = build(
        tmp_path,
        "fixed",
        HYPOTF,
        flags=[os.path.join(COMPAT, "compat.c"), "-I", os.path.join(COMPAT, "include"), "-lm"],
    )
    code, output = check_static(package(tmp_path, fixed))
    assert code == 0, output
    symbols = subprocess.run(["objdump", "-T", str(fixed)], capture_output=True, text=True, check=True).stdout
    assert "(GLIBC_2.2.5) hypot" in symbols, symbols
    # Same answers as glibc's own hypotf: exact cases, overflow to inf, inf beats NaN, NaN otherwise.
    expected = subprocess.run([str(plain)], capture_output=True, text=True, check=True).stdout
    assert subprocess.run([str(fixed)], capture_output=True, text=True, check=True).stdout == expected
    assert expected.split() == ["5", "inf", "inf", "nan"]


def test_a_glibc_2_36_symbol_is_refused(tmp_path):
    source = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { printf("%u\\n", arc4random()); }\n'
    code, output = check_static(package(tmp_path, build(tmp_path, "arc4random", source)))
    assert code == 1, output
    assert "GLIBC_2.36 from libc.so.6" in output and "arc4random" in output, output


def test_a_libstdcxx_symbol_newer_than_gcc_11_is_refused(tmp_path):
    # GCC 12 moved condition_variable::wait to GLIBCXX_3.4.30; provided.al2023 has GCC 11's 3.4.29.
    source = (
        "#include <condition_variable>\n#include <mutex>\n"
        "std::mutex m; std::condition_variable c;\n"
        "int main(int argc, char**) { std::unique_lock<std::mutex> l(m); if (argc > 5) c.wait(l); }\n"
    )
    code, output = check_static(package(tmp_path, build(tmp_path, "cxx", source, compiler="g++")))
    assert code == 1, output
    assert "GLIBCXX_3.4.30 from libstdc++.so.6" in output, output


def test_libcurl_as_a_needed_library_is_refused(tmp_path):
    # The runtime dlopens libcurl: a link-time dependency would tie the zip to this machine's build.
    # Links against libcurl.so from libcurl4-openssl-dev (make deps).
    source = "int curl_global_init(long flags);\nint main(void) { return curl_global_init(3); }\n"
    code, output = check_static(package(tmp_path, build(tmp_path, "curl", source, flags=["-lcurl"])))
    assert code == 1, output
    assert "needed libraries not in provided.al2023's base" in output and "libcurl.so.4" in output, output


def test_a_bootstrap_without_the_execute_bit_is_refused(tmp_path):
    binary = build(tmp_path, "hello", HELLO)
    target = tmp_path / "readonly.zip"
    entry = zipfile.ZipInfo("bootstrap")
    entry.create_system = 3
    entry.external_attr = (stat.S_IFREG | 0o644) << 16
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(entry, binary.read_bytes())
    code, output = check_static(target)
    assert code == 1, output
    assert "not executable" in output, output


def test_a_zip_without_bootstrap_at_its_root_is_refused(tmp_path):
    binary = build(tmp_path, "hello", HELLO)
    target = tmp_path / "nested.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(binary, "bin/bootstrap")
    code, output = check_static(target)
    assert code == 1, output
    assert "missing" in output and "bin/bootstrap" in output, output


def test_a_zip_over_10_mb_is_refused(tmp_path):
    binary = build(tmp_path, "hello", HELLO)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(random.Random(7).randbytes(11_000_000))  # incompressible
    subprocess.run(["objcopy", "--add-section", ".junk=%s" % junk, str(binary)], check=True, capture_output=True)
    code, output = check_static(package(tmp_path, binary))
    assert code == 1, output
    assert "more than 10000000" in output, output


def test_the_folder_sam_deploys_must_hold_the_zips_binary(tmp_path):
    zip_path = package(tmp_path, build(tmp_path, "hello", HELLO))
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(
        build(tmp_path, "other", '#include <stdio.h>\nint main(void) { puts("other"); }\n'), folder / "bootstrap"
    )
    result = subprocess.run(
        [CHECK, "--zip", str(zip_path), "--folder", str(folder), "--no-serve"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout
    assert "differs from the zip's bootstrap" in result.stdout, result.stdout


@pytest.mark.skipif(not os.access(DRS_LOCAL, os.X_OK), reason="needs drs-local (make build)")
def test_a_binary_that_does_not_serve_the_api_is_refused(tmp_path):
    # Passes every static rule, but is no Lambda runtime: the stack's requests must fail the check.
    code, output = check(package(tmp_path, build(tmp_path, "hello", HELLO)), "--drs-local", DRS_LOCAL)
    assert code == 1, output
    assert "none newer than the image's" in output, output
    assert "ok    the packaged bootstrap answers" not in output, output
    assert (
        "FAIL  the packaged bootstrap does not serve GET /health" in output or "FAIL  drs-local did not start" in output
    ), output


@pytest.mark.skipif(
    not os.path.exists(PACKAGED_ZIP) or not os.access(DRS_LOCAL, os.X_OK),
    reason="needs `make package` and `make build` (make artifact-check runs the same check)",
)
def test_the_packaged_zip_passes_every_check():
    result = subprocess.run([CHECK, "--drs-local", DRS_LOCAL], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    the packaged bootstrap answers GET /protection-groups" in result.stdout, result.stdout
