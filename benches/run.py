#!/usr/bin/env python3
"""recordlint's benchmarks in one run (`make bench`, or run this file): the figures of
docs/BENCHMARKS.md.

Builds the release binary and the `csv` crate floor (crates/recordlint-core/examples/csv_floor.rs),
generates the inputs with `recordlint generate` (same arguments, same bytes) and prints:

  instructions  callgrind, one thread, every default rule, per row: a generated CSV and one of
                tens of thousands of distinct codes (`--codes wide`); (I(rows) - I(100)) / (rows - 100)
  throughput    one core (RAYON_NUM_THREADS=1), CPU seconds, median of --runs: CSV, wide CSV, FHIR
                NDJSON and HL7 v2, beside the `csv` crate reading the same CSV files (the floor)
  memory        peak resident memory; the cross-record index in bytes a record (the peak with
                every rule less the peak without the cross-record rules, over the records)
  cores         a CSV of --cores-mb on 1 and 2 threads, wall clock (needs 2 idle cores to mean much)
  peers         frictionless, fhir.resources and hl7apy (benches/peers/compare.py) on the same files
  browser       (only with --browser) `make bench-browser` with a CSV of --memory-mb

A section whose tool is missing (valgrind, a peer) says "skipped: not installed". Not part of
`make test`: it takes minutes to an hour. The load average is printed with every section, as
the build machine is shared.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SECTIONS = ["instructions", "throughput", "memory", "cores", "peers", "browser"]
# The rules that compare records with each other (off in the "no cross-record rule" profile).
CROSS_RECORD = ["X401", "X402", "X403", "X404", "X405", "D205", "D206"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def load():
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


class Run:
    """One process: CPU seconds (user + system), wall seconds, peak resident bytes, output."""

    def __init__(self, argv, env=None, keep_stdout=True):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, env=env, stdout=out if keep_stdout else subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            self.wall = time.perf_counter() - start
            proc.returncode = self.code = os.waitstatus_to_exitcode(status)
            self.cpu = usage.ru_utime + usage.ru_stime
            self.rss = usage.ru_maxrss * 1024  # kilobytes on Linux
            out.seek(0)
            err.seek(0)
            self.stdout, self.stderr = out.read(), err.read().decode(errors="replace")


def timed(argv, runs, threads=1, expect=(0, 1)):
    """`runs` runs of argv with RAYON_NUM_THREADS=threads; the list of Runs."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    done = []
    for _ in range(runs):
        r = Run(argv, env=env)
        if r.code not in expect:
            sys.exit(f"{' '.join(argv)} failed ({r.code}): {r.stderr.strip()}")
        done.append(r)
    return done


def median(runs, field):
    return statistics.median(getattr(r, field) for r in runs)


def mb(path):
    return os.path.getsize(path) / 1e6


def build(args):
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release", "recordlint")
    floor = os.path.join(target, "release", "examples", "csv_floor")
    if not args.no_build:
        log("building the release binary and the csv crate floor (minutes)")
        for command in (["cargo", "build", "--release", "-p", "recordlint", "--bin", "recordlint"],
                        ["cargo", "build", "--release", "-p", "recordlint-core", "--example", "csv_floor"]):
            subprocess.run(command, cwd=ROOT, check=True)
    for path in (binary, floor):
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: run without --no-build")
    return binary, floor


def generate(binary, work, name, kind, *options):
    """Writes `recordlint generate kind options...` to work/name once (kept between runs)."""
    path = os.path.join(work, name)
    stamp = path + ".args"
    # Kept while the arguments and the binary are the same (a rebuild may change the generator).
    wanted = json.dumps([kind, *options, os.path.getmtime(binary)])
    if os.path.exists(path) and os.path.exists(stamp) and open(stamp).read() == wanted:
        return path
    log(f"generating {name}: {kind} {' '.join(options)}")
    with open(path, "wb") as f:
        subprocess.run([binary, "generate", kind, *options], stdout=f, check=True)
    with open(stamp, "w") as f:
        f.write(wanted)
    return path


def summary(run):
    """The summary of a `check --format json` run."""
    return json.loads(run.stdout)["summary"]


def callgrind(binary, path, work):
    out = os.path.join(work, os.path.basename(path) + ".cg")
    r = Run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "check", path],
            env=dict(os.environ, RAYON_NUM_THREADS="1"), keep_stdout=False)
    for line in r.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split("Collected :")[1].strip())
    sys.exit(f"callgrind gave no count on {path}: {r.stderr[-500:]}")


def instructions(args, binary, work, table):
    if not shutil.which("valgrind"):
        table.append("| instructions | skipped: valgrind not installed |")
        return
    n = args.callgrind_rows
    for codes, label, target in (("common", "generated CSV", 2500), ("wide", "CSV, many distinct codes", 3500)):
        small = generate(binary, work, f"cg-100-{codes}.csv", "csv", "--rows", "100", "--codes", codes)
        big = generate(binary, work, f"cg-{n}-{codes}.csv", "csv", "--rows", str(n), "--codes", codes)
        distinct = distinct_codes(big)
        log(f"callgrind on {os.path.basename(big)} ({load()})")
        total, base = callgrind(binary, big, work), callgrind(binary, small, work)
        per_row = (total - base) / (n - 100)
        table.append(f"| {label}, {n:,} rows, {distinct:,} distinct codes | {total:,} instructions, "
                     f"{base:,} for the first 100 rows; **{per_row:,.0f} a row** | target ≤ {target:,} |")


def distinct_codes(path):
    """Distinct diagnosis and procedure codes of a generated classic CSV."""
    codes = set()
    with open(path) as f:
        next(f)
        for line in f:
            cells = line.split(",")
            codes.add(cells[8])
            codes.update(cells[9].split(";"))
            codes.add(cells[10])
    return len(codes)


def throughput(args, binary, floor, work, inputs, table):
    for label, path in inputs:
        log(f"one core: {label} x{args.runs} ({load()})")
        ours = timed([binary, "check", path, "--format", "json"], args.runs)
        cpu = median(ours, "cpu")
        n = summary(ours[-1])["records"]
        row = (f"| {label} | {mb(path):.1f} MB, {n:,} records | {mb(path) / cpu:.1f} MB/s "
               f"({cpu:.2f} s) | {n / cpu:,.0f} | {max(r.rss for r in ours) / 2**20:.0f} MB |")
        if path.endswith(".csv"):
            theirs = timed([floor, path], args.runs, expect=(0,))
            floor_cpu = median(theirs, "cpu")
            row += f" {mb(path) / floor_cpu:.0f} MB/s ({floor_cpu:.3f} s) | **{cpu / floor_cpu:.1f}×** |"
        else:
            row += " — | — |"
        table.append(row)


def memory(args, binary, work, cores_csv, table):
    profile = os.path.join(work, "no-cross-record.json")
    with open(profile, "w") as f:
        json.dump({"name": "no-cross-record", "rules": {r: "off" for r in CROSS_RECORD}}, f)
    log(f"memory: {os.path.basename(cores_csv)}, one core, with and without cross-record rules ({load()})")
    every = timed([binary, "check", cores_csv, "--format", "json"], 1)[0]
    alone = timed([binary, "check", cores_csv, "--profile", profile], 1)[0]
    n = summary(every)["records"]
    index = (every.rss - alone.rss) / n
    table.append(f"| CSV, {mb(cores_csv):.0f} MB, {n:,} records, one core | every rule {every.rss / 2**20:,.0f} MB "
                 f"({every.cpu:.1f} s); no cross-record rule {alone.rss / 2**20:,.0f} MB ({alone.cpu:.1f} s) | "
                 f"cross-record index **{index:.0f} bytes a record** (target ≤ 40) |")
    if args.memory_mb:
        big = generate(binary, work, f"mem-{args.memory_mb}M.csv", "csv", "--bytes", f"{args.memory_mb}M")
        log(f"memory: {os.path.basename(big)}, all cores ({load()})")
        r = timed([binary, "check", big], 1, threads=os.cpu_count())[0]
        table.append(f"| CSV, {mb(big):,.0f} MB, all {os.cpu_count()} cores | peak **{r.rss / 2**20:,.0f} MB** "
                     f"(target ≤ 400), {r.wall:.0f} s wall, {r.cpu:.0f} s CPU | |")


def cores(args, binary, cores_csv, table):
    rows = []
    for threads in (1, 2):
        log(f"cores: {threads} thread(s) x{args.cores_runs} ({load()})")
        runs = timed([binary, "check", cores_csv], args.cores_runs, threads=threads)
        rows.append((threads, median(runs, "wall"), median(runs, "cpu"), max(r.rss for r in runs)))
    for threads, wall, cpu, rss in rows:
        table.append(f"| {threads} | {wall:.1f} s | {cpu:.1f} s | {100 * cpu / wall:.0f} % | {rss / 2**20:,.0f} MB |")
    table.append(f"| speed-up | **{rows[0][1] / rows[1][1]:.2f}×** (target ≥ 1.7) | | | |")


def peers(args, binary, work, table):
    python = args.peers_python or (os.path.exists("/tmp/peers-venv/bin/python") and "/tmp/peers-venv/bin/python") \
        or sys.executable
    compare = os.path.join(HERE, "peers", "compare.py")
    for kind, n, what in (("csv", args.peer_csv_rows, "rows"), ("ndjson", args.peer_ndjson_records, "encounters"),
                          ("hl7", args.peer_hl7_messages, "messages")):
        path = generate(binary, work, f"peer-{n}.{kind}", kind, "--rows", str(n))
        ours = median(timed([binary, "check", path, "--format", "json"], args.runs), "cpu")
        log(f"peer of {kind} ({load()})")
        out = subprocess.run([python, compare, "--peer", kind, "--input", path], capture_output=True, text=True)
        label = f"{kind}, {mb(path):.1f} MB, {n:,} {what}"
        theirs = json.loads(out.stdout) if out.returncode == 0 else {"skipped": out.stderr.strip()[-200:]}
        if "skipped" in theirs:
            table.append(f"| {label} | {mb(path) / ours:.1f} MB/s | {theirs.get('peer', kind)}: skipped: "
                         f"{theirs['skipped']} | |")
            continue
        table.append(f"| {label} | {mb(path) / ours:.1f} MB/s | {theirs['peer']} {theirs['version']}: "
                     f"{mb(path) / theirs['seconds']:.2f} MB/s | {theirs['seconds'] / ours:,.0f}× |")


def browser(args, table):
    if not args.browser:
        table.append("| browser | skipped: run with --browser (Chromium, the wasm build, minutes) |")
        return
    if not shutil.which("node") or not os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
        table.append("| browser | skipped: node or Chromium not installed (make browser-tools) |")
        return
    size = args.memory_mb or 1024
    if not args.no_build:
        log("building the page (make build)")
        subprocess.run(["make", "build"], cwd=ROOT, check=True, stdout=sys.stderr)
    log(f"browser: benches/browser/bench.mjs, BENCH_MB={size} ({load()})")
    env = dict(os.environ, BENCH_MB=str(size), BENCH_RUNS="1")
    out = subprocess.run(["node", os.path.join(HERE, "browser", "bench.mjs")], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    table.extend(f"    {line}" for line in out.stdout.splitlines() if line.strip())
    if out.returncode != 0:
        table.append(f"    failed: {out.stderr.strip()[-300:]}")


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} CPUs, {mem:.0f} GiB, {platform.system()} {platform.release()}; {rustc}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000, help="CSV rows for one-core throughput (200000)")
    parser.add_argument("--ndjson-records", type=int, default=20_000, help="FHIR NDJSON encounters (20000)")
    parser.add_argument("--hl7-messages", type=int, default=50_000, help="HL7 v2 messages (50000)")
    parser.add_argument("--callgrind-rows", type=int, default=20_000, help="CSV rows under callgrind (20000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each one-core figure; the median (5)")
    parser.add_argument("--cores-mb", type=int, default=300, help="the CSV for 1 vs 2 cores and the index (300)")
    parser.add_argument("--cores-runs", type=int, default=3, help="runs of each thread count (3)")
    parser.add_argument("--memory-mb", type=int, default=1024, help="the large CSV's size; 0: none (1024)")
    parser.add_argument("--peer-csv-rows", type=int, default=20_000)
    parser.add_argument("--peer-ndjson-records", type=int, default=1_000)
    parser.add_argument("--peer-hl7-messages", type=int, default=200)
    parser.add_argument("--peers-python", help="a Python with the peers (default /tmp/peers-venv/bin/python)")
    parser.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument("--browser", action="store_true", help="also the 1 GB file in Chromium")
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench-inputs"),
                        help="where the inputs are generated and kept (target/bench-inputs)")
    parser.add_argument("--no-build", action="store_true", help="use the release binaries as they are")
    args = parser.parse_args()
    only = SECTIONS if not args.only else args.only.split(",")
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}: choose from {', '.join(SECTIONS)}")
    for name in ("rows", "ndjson_records", "hl7_messages", "runs", "cores_runs", "cores_mb", "peer_csv_rows",
                 "peer_ndjson_records", "peer_hl7_messages"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.callgrind_rows <= 100:
        parser.error("--callgrind-rows must be more than 100")
    if args.memory_mb < 0:
        parser.error("--memory-mb must be 0 or more")

    os.makedirs(args.work, exist_ok=True)
    binary, floor = build(args)
    started = load()
    out = [f"recordlint benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
           f"machine: {machine()}", f"at the start: {started}", ""]

    if "instructions" in only:
        table = ["| input | callgrind, one thread, every default rule | |", "|---|---|---|"]
        instructions(args, binary, args.work, table)
        out += ["Instructions", *table, f"({load()})", ""]
    if "throughput" in only:
        inputs = [
            ("CSV", generate(binary, args.work, f"t-{args.rows}.csv", "csv", "--rows", str(args.rows))),
            ("CSV, many distinct codes", generate(binary, args.work, f"t-{args.rows}-wide.csv", "csv", "--rows",
                                                   str(args.rows), "--codes", "wide")),
            ("FHIR NDJSON", generate(binary, args.work, f"t-{args.ndjson_records}.ndjson", "ndjson", "--rows",
                                     str(args.ndjson_records))),
            ("HL7 v2", generate(binary, args.work, f"t-{args.hl7_messages}.hl7", "hl7", "--rows",
                                str(args.hl7_messages))),
        ]
        table = [f"| input | size | one core, median of {args.runs} | records/s | peak memory | csv crate floor | "
                 "ratio to the floor |", "|---|---|---|---|---|---|---|"]
        throughput(args, binary, floor, args.work, inputs, table)
        out += ["One core (CPU seconds)", *table, f"({load()})", ""]
    cores_csv = None
    if "memory" in only or "cores" in only:
        cores_csv = generate(binary, args.work, f"cores-{args.cores_mb}M.csv", "csv", "--bytes", f"{args.cores_mb}M")
    if "memory" in only:
        table = ["| input | peak resident memory | |", "|---|---|---|"]
        memory(args, binary, args.work, cores_csv, table)
        out += ["Memory", *table, f"({load()})", ""]
    if "cores" in only:
        table = [f"| threads | wall clock, median of {args.cores_runs} | CPU | CPU / wall | peak memory |",
                 "|---|---|---|---|---|"]
        cores(args, binary, cores_csv, table)
        out += [f"Cores: CSV, {mb(cores_csv):.0f} MB", *table, f"({load()})", ""]
    if "peers" in only:
        table = ["| input | recordlint, one core | peer, one core | ratio |", "|---|---|---|---|"]
        peers(args, binary, args.work, table)
        out += ["Peers (CPU seconds; recordlint's include starting the process)", *table, f"({load()})", ""]
    if "browser" in only:
        table = []
        browser(args, table)
        out += ["Chromium", *table, ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
