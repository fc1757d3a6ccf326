#!/usr/bin/env python3
"""Writes the Lambda deployment zip: one entry, `bootstrap`, at the root, mode 0755.

Usage: scripts/lambda-zip.py BOOTSTRAP ZIP

Reproducible: the entry's date is fixed, so the same binary always gives the same zip (and the
same CodeSha256). Python's zipfile, so no `zip` tool is needed.
"""

import os
import stat
import sys
import zipfile


def main(source, target):
    with open(source, "rb") as binary:
        content = binary.read()
    entry = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
    entry.create_system = 3  # Unix: Lambda reads the mode from the upper half of external_attr
    entry.external_attr = (stat.S_IFREG | 0o755) << 16
    entry.compress_type = zipfile.ZIP_DEFLATED
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    partial = target + ".partial"
    with zipfile.ZipFile(partial, "w") as archive:
        archive.writestr(entry, content, compresslevel=9)
    os.replace(partial, target)
    print("%s: bootstrap %d bytes, zip %d bytes" % (target, len(content), os.path.getsize(target)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
