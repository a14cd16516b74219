#!/usr/bin/env python3
"""followup against Hugo on the same dossiers, side by side.

    python3 bench/compare.py [--sizes 1000 10000 100000] [--runs 5] [--edits 20] [--search]

For each size, examples/gen_corpus.rs writes the same synthetic corpus as a
followup site and as a Hugo site (layouts in bench/hugo/). Both are built
--runs times, the two tools alternating, inputs and outputs on /dev/shm (on
a disk, file-system noise swamps the difference). The table gives the
median wall time, CPU time (user + system), peak memory (max RSS), pages
written and Hugo's time over followup's. Then, at 10,000 recommendations and
above, `followup serve` is started on the site and a recommendation is
edited --edits times: the time from saving to the new text being served.

Needs Hugo (apt-get install hugo) and GNU time (/usr/bin/time). followup
builds without its search index unless --search is given: Hugo's site has
none.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
FOLLOWUP = os.path.join(RELEASE, "followup")
GEN = os.path.join(RELEASE, "examples", "gen_corpus")
LATENCY = os.path.join(RELEASE, "examples", "serve_latency")


def timed(cmd):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak MiB)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    wall, user, system, rss = r.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def pages(d):
    return sum(1 for _, _, fs in os.walk(d) for f in fs if f.endswith(".html"))


def latency(site, edits):
    """Median save-to-served times (body edit, recommendation-text edit), ms."""
    r = subprocess.run([LATENCY, site, str(edits)], capture_output=True, text=True,
                       env={**os.environ, "FOLLOWUP_BIN": FOLLOWUP})
    if r.returncode != 0:
        sys.exit(f"serve latency failed on {site}:\n{r.stdout}{r.stderr}")
    medians = re.findall(r"median ([0-9.]+) ms", r.stdout)
    first = re.search(r"first build (\d+) ms", r.stdout)
    return [float(m) for m in medians], int(first.group(1)) if first else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--search", action="store_true")
    args = ap.parse_args()
    if not shutil.which("hugo"):
        sys.exit("needs Hugo: apt-get install hugo")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs GNU time: apt-get install time")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "followup",
                    "--example", "gen_corpus", "--example", "serve_latency"],
                   cwd=ROOT, check=True)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]

    shm = tempfile.mkdtemp(prefix="followup-bench-", dir="/dev/shm")
    rows, serve = [], []
    try:
        for n in args.sizes:
            fsite, hsite = os.path.join(shm, f"followup-{n}"), os.path.join(shm, f"hugo-{n}")
            gen = [GEN, "--n", str(n)] + (["--search"] if args.search else [])
            subprocess.run(gen + ["--out", fsite], check=True, stdout=subprocess.DEVNULL)
            subprocess.run(gen + ["--out", hsite, "--flavor", "hugo"], check=True, stdout=subprocess.DEVNULL)
            results = {"followup": [], "hugo": []}
            out = {"followup": os.path.join(shm, "out-followup"), "hugo": os.path.join(shm, "out-hugo")}
            for run in range(args.runs):
                # Alternate which tool goes first, so neither always meets a warm or a cold machine.
                order = ("followup", "hugo") if run % 2 == 0 else ("hugo", "followup")
                for tool in order:
                    shutil.rmtree(out[tool], ignore_errors=True)
                    if tool == "followup":
                        cmd = [FOLLOWUP, "build", "--root", fsite, "--output", out[tool]]
                    else:
                        cmd = ["hugo", "--quiet", "--source", hsite, "--destination", out[tool]]
                    results[tool].append(timed(cmd))
                print(f"  {n} recommendations: run {run + 1} of {args.runs} done", file=sys.stderr)
            counted = {tool: pages(d) for tool, d in out.items()}
            med = {t: [statistics.median(x[i] for x in v) for i in range(3)] for t, v in results.items()}
            rows.append((n, med, counted))
            shutil.rmtree(hsite, ignore_errors=True)
            for d in out.values():
                shutil.rmtree(d, ignore_errors=True)
            if n >= 10000:
                medians, first = latency(fsite, args.edits)
                serve.append((n, first, medians))
            shutil.rmtree(fsite, ignore_errors=True)
    finally:
        shutil.rmtree(shm, ignore_errors=True)

    print(f"\nBuilds: median of {args.runs}, the tools alternating, on /dev/shm; Hugo {hugo_version};"
          f" {os.cpu_count()} cores; followup {'with' if args.search else 'without'} its search index.\n")
    print("| recs | tool | wall s | CPU s | peak MiB | pages | Hugo ÷ followup (wall) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, med, counted in rows:
        fw, hw = med["followup"][0], med["hugo"][0]
        for tool in ("followup", "hugo"):
            w, c, m = med[tool]
            ratio = f"{hw / fw:.1f}×" if tool == "followup" and fw else ""
            print(f"| {n:,} | {tool} | {w:.2f} | {c:.2f} | {m:,.0f} | {counted[tool]:,} | {ratio} |")
    if serve:
        print(f"\n`followup serve`, save to new text served, median of {args.edits} edits:\n")
        print("| recs | first build ms | body edit ms | recommendation-text edit ms |")
        print("| ---: | ---: | ---: | ---: |")
        for n, first, medians in serve:
            cells = " | ".join(f"{m:.1f}" for m in medians)
            print(f"| {n:,} | {first:,} | {cells} |")


if __name__ == "__main__":
    main()
