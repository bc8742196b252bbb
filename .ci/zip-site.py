"""Packs the built site into a zip whose one top folder is `recordlint/` (unzip it and copy that
folder to a static host). The archive is reproducible: names in sorted order, one fixed time.

usage: python3 .ci/zip-site.py SITE_DIR OUT.zip
"""
import os
import sys
import zipfile

site, out = sys.argv[1], sys.argv[2]
files = sorted(
    os.path.relpath(os.path.join(d, f), site).replace(os.sep, "/")
    for d, _, names in os.walk(site)
    for f in names
)
if "index.html" not in files:
    sys.exit(f"{site} has no index.html: run `make build` first")
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for f in files:
        info = zipfile.ZipInfo("recordlint/" + f, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(site, f), "rb") as src:
            z.writestr(info, src.read(), compresslevel=9)
os.replace(tmp, out)
print(f"site zip: {out} ({len(files)} files, {os.path.getsize(out)} bytes)")
