#!/usr/bin/env python3
"""Throughput of recordlint against peer validators on the same generated inputs.

Generates deterministic inputs with `recordlint generate`, then times, in this one run:
  CSV    recordlint check  vs  frictionless (Table Schema: required fields, ICD-10-CM, ICD-10-PCS
         and NPI patterns, dates, enums)
  NDJSON recordlint check  vs  fhir.resources (pydantic models of every resource, R4B)
  HL7 v2 recordlint check  vs  hl7apy (parse_message with strict validation)
and prints MB/s and records/s of each and the ratio. recordlint is timed on one core
(RAYON_NUM_THREADS=1, as the peers use one) and on all cores. A peer that is not installed is
skipped. `--peer KIND --input FILE` times only that peer on FILE and prints its figures as JSON
(benches/run.py uses it). See README.md beside this file.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_recordlint(binary, path, threads, clock):
    """The best of three runs, in CPU seconds (clock "cpu") or wall seconds ("wall")."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    best = None
    for _ in range(3):
        start, cpu = time.perf_counter(), children_cpu()
        out = subprocess.run([binary, "check", path, "--format", "json"], env=env, capture_output=True)
        elapsed = time.perf_counter() - start if clock == "wall" else children_cpu() - cpu
        if out.returncode not in (0, 1):
            sys.exit(f"recordlint failed on {path}: {out.stderr.decode()}")
        best = elapsed if best is None else min(best, elapsed)
    summary = json.loads(out.stdout)["summary"]
    return best, summary["records"], summary["errors"] + summary["warnings"] + summary["infos"]


# Errors about cells and rows: what a check of the records finds (anything else means that
# frictionless did not read the file).
ROW_ERRORS = {"constraint-error", "type-error", "missing-cell", "extra-cell", "blank-row", "primary-key", "unique-error"}


def frictionless_csv(path):
    from frictionless import Resource, Schema, Checklist

    icd10cm = r"^[A-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$"
    schema = Schema.from_descriptor({
        "fields": [
            {"name": "mrn", "type": "string", "constraints": {"required": True}},
            {"name": "encounter_id", "type": "string", "constraints": {"required": True}},
            {"name": "last_name", "type": "string", "constraints": {"required": True}},
            {"name": "first_name", "type": "string", "constraints": {"required": True}},
            {"name": "dob", "type": "date", "constraints": {"required": True}},
            {"name": "sex", "type": "string", "constraints": {"required": True, "enum": ["F", "M", "U"]}},
            {"name": "admit_date", "type": "date", "constraints": {"required": True}},
            {"name": "discharge_date", "type": "date", "constraints": {"required": True}},
            {"name": "principal_dx", "type": "string", "constraints": {"required": True, "pattern": icd10cm}},
            {"name": "dx2", "type": "string",
             "constraints": {"pattern": r"^([A-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?)(;[A-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?)*$"}},
            {"name": "px1", "type": "string", "constraints": {"pattern": r"^[0-9A-HJ-NP-Z]{7}$"}},
            {"name": "attending_npi", "type": "string", "constraints": {"required": True, "pattern": r"^[12][0-9]{9}$"}},
            {"name": "payer", "type": "string",
             "constraints": {"enum": ["Medicare", "Medicaid", "BlueCross", "Aetna", "Self-pay", "UnitedHealthcare"]}},
        ]
    })
    start = time.process_time()
    # frictionless reads only paths under its basepath ("safe" paths).
    table = Resource(path=os.path.basename(path), basepath=os.path.dirname(path), schema=schema)
    report = table.validate(checklist=Checklist(), limit_errors=10**9)
    elapsed = time.process_time() - start
    task = report.tasks[0]
    if any(e.type not in ROW_ERRORS for e in task.errors):
        sys.exit(f"frictionless could not check {path}: {task.errors[0].message}")
    with open(path, "rb") as f:
        rows = sum(1 for _ in f) - 1
    return elapsed, rows, task.stats["errors"]


def fhir_resources_ndjson(path):
    from fhir.resources.R4B import get_fhir_model_class

    # Import the model classes before timing (their first use loads modules).
    for kind in ("Patient", "Encounter", "Condition", "Procedure"):
        get_fhir_model_class(kind)
    records = problems = 0
    start = time.process_time()
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                kind = json.loads(line)["resourceType"]
                get_fhir_model_class(kind).model_validate_json(line)
            except Exception:  # a finding, as recordlint reports one
                problems += 1
            records += 1
    return time.process_time() - start, records, problems


def hl7apy_messages(path):
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_message

    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    messages = ["MSH" + m for m in text.split("MSH") if m.strip()]
    parse_message(messages[0].rstrip("\r\n"), validation_level=VALIDATION_LEVEL.STRICT)  # loads modules
    problems = 0
    start = time.process_time()
    for m in messages:
        try:
            msg = parse_message(m.rstrip("\r\n"), validation_level=VALIDATION_LEVEL.STRICT)
            msg.validate()
        except Exception:  # a finding, as recordlint reports one
            problems += 1
    return time.process_time() - start, len(messages), problems


PEERS = {"csv": "frictionless", "ndjson": "fhir.resources", "hl7": "hl7apy"}


def peer_check(kind, path):
    """(seconds, records, problems) of the peer of `kind` on `path`, or None when not installed."""
    check = {"csv": frictionless_csv, "ndjson": fhir_resources_ndjson, "hl7": hl7apy_messages}[kind]
    try:
        return check(path)
    except ImportError:
        return None


def peer_version(kind):
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PEERS[kind])
    except PackageNotFoundError:
        return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_binary = os.path.join(here, "..", "..", "target", "release", "recordlint")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recordlint", default=default_binary, help="the recordlint binary (cargo build --release)")
    parser.add_argument("--csv-rows", type=int, default=20000)
    parser.add_argument("--ndjson-records", type=int, default=1000)
    parser.add_argument("--hl7-messages", type=int, default=1000)
    parser.add_argument("--peer", choices=sorted(PEERS), help="time only this peer on --input")
    parser.add_argument("--input", help="the file for --peer")
    args = parser.parse_args()
    if args.peer:
        if not args.input:
            parser.error("--peer needs --input FILE")
        result = peer_check(args.peer, os.path.abspath(args.input))
        if result is None:
            print(json.dumps({"peer": PEERS[args.peer], "skipped": "not installed"}))
        else:
            seconds, records, problems = result
            print(json.dumps({"peer": PEERS[args.peer], "version": peer_version(args.peer),
                              "seconds": seconds, "records": records, "problems": problems}))
        return
    peers = [(kind, kind, n, PEERS[kind]) for kind, n in
             (("csv", args.csv_rows), ("ndjson", args.ndjson_records), ("hl7", args.hl7_messages))]
    cores = os.cpu_count()
    print(f"{'input':8} {'MB':>6} {'validator':16} {'seconds':>8} {'MB/s':>8} {'records/s':>10} {'findings':>8} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, ext, n, peer in peers:
            path = os.path.join(tmp, f"input.{ext}")
            with open(path, "wb") as f:
                subprocess.run([args.recordlint, "generate", kind, "--rows", str(n)], stdout=f, check=True)
            mb = os.path.getsize(path) / 1e6
            ours, records, findings = run_recordlint(args.recordlint, path, 1, "cpu")
            ours_all, _, _ = run_recordlint(args.recordlint, path, cores, "wall")
            row = "{:8} {:6.1f} {:16} {:8.3f} {:8.2f} {:10.0f} {:8} {:>7}"
            print(row.format(kind, mb, "recordlint 1 core", ours, mb / ours, records / ours, findings, ""))
            print(row.format("", mb, f"recordlint {cores} cores", ours_all, mb / ours_all, records / ours_all, findings, ""))
            result = peer_check(kind, path)
            if result is None:
                print(f"{'':8} {mb:6.1f} {peer:16} skipped: not installed")
                continue
            theirs, their_records, their_findings = result
            ratio = f"{theirs / ours:.0f}x"
            print(row.format("", mb, peer, theirs, mb / theirs, their_records / theirs, their_findings, ratio))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
