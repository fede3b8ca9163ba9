#!/usr/bin/python3
"""Writes a tar as k6's lib/archive.go lays out its archives, independently of loadbench-engine's writer.

write_archive.py OUT KIND, KIND one of:
  k6               what `k6 archive` (v0.50) writes for script.js importing ./lib/math.js, run with -e STEP=5:
                   home folders anonymized, every option (null where unset), the scenario k6 derived beside
                   the shortcut, the main script hard-linked to `data`
  no-metadata      a tar without metadata.json
  escaping-entry   an entry that would land outside the archive's trees
  bad-metadata     metadata.json that is not an object with a filename
"""
import io
import json
import sys
import tarfile

SCRIPT = b"""import { twice } from './lib/math.js';
import { Counter } from 'k6/metrics';
const total = new Counter('total');
export const options = { vus: 2, iterations: 4 };
export default function () { total.add(twice(Number(__ENV.STEP))); }
"""
HELPER = b"export function twice(x) { return 2 * x; }\n"
METADATA = {
    "type": "js",
    "options": {"paused": None, "vus": 2, "duration": None, "iterations": 4, "stages": None,
                "scenarios": {"default": {"executor": "shared-iterations", "startTime": None, "gracefulStop": None,
                                          "env": None, "exec": None, "tags": None, "vus": 2, "iterations": 4,
                                          "maxDuration": None}},
                "thresholds": None, "summaryTrendStats": None, "tags": None},
    "filename": "file:///home/nobody/k6/script.js",
    "pwd": "file:///home/nobody/k6/",
    "env": {"STEP": "5"},
    "compatibilityMode": "extended",
    "k6version": "0.50.0",
    "goos": "linux",
}


def main(out, kind):
    with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as tar:
        def add(name, data=b"", entry=tarfile.REGTYPE, link=""):
            info = tarfile.TarInfo(name)
            info.type = entry
            info.linkname = link
            info.size = len(data) if entry == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if info.size else None)

        if kind == "bad-metadata":
            add("metadata.json", b"[1, 2]")
        elif kind != "no-metadata":
            add("metadata.json", json.dumps(METADATA, indent=2).encode())
        add("data", SCRIPT)
        if kind == "escaping-entry":
            add("file/../../evil.js", b"x")
        for folder in ["file", "file/home", "file/home/nobody", "file/home/nobody/k6", "file/home/nobody/k6/lib"]:
            add(folder, entry=tarfile.DIRTYPE)
        add("file/home/nobody/k6/lib/math.js", HELPER)
        add("file/home/nobody/k6/script.js", entry=tarfile.LNKTYPE, link="data")


main(sys.argv[1], sys.argv[2])
