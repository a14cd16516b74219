#!/usr/bin/env python3
"""Builds the same synthetic dossier corpus with followup and with Hugo, side by
side, and prints a table: wall time (median of the runs, the two tools
alternating), CPU time, peak memory, files written, and the followup/Hugo ratio.

    python3 bench/compare.py [--sizes 1000 10000] [--runs 5] [--search]

Needs a release build (cargo build --release), Hugo (apt-get install hugo) and
the corpus generator at ../shared/bench/gen_corpus.py. Output goes to /dev/shm,
where file-system noise does not swamp the difference. followup builds without
its search index unless --search is given (Hugo's site has none).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
FOLLOWUP = os.path.join(ROOT, "target", "release", "followup")


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, peak MiB)."""
    fmt = "%e %U %S %M"
    r = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    wall, user, system, rss = r.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def count_files(d):
    return sum(len(f) for _, _, f in os.walk(d))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--search", action="store_true")
    args = ap.parse_args()
    for tool in (FOLLOWUP, shutil.which("hugo")):
        if not tool or not os.path.exists(tool):
            sys.exit("needs target/release/followup (cargo build --release) and hugo (apt-get install hugo)")

    work = tempfile.mkdtemp(prefix="followup-bench-")
    shm = tempfile.mkdtemp(prefix="followup-bench-", dir="/dev/shm")
    rows = []
    try:
        for n in args.sizes:
            fsite, hsite = os.path.join(work, f"f{n}"), os.path.join(work, f"h{n}")
            subprocess.run([sys.executable, GEN, "--n", str(n), "--out", fsite, "--flavor", "followup", "--force"], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([sys.executable, GEN, "--n", str(n), "--out", hsite, "--flavor", "hugo", "--force"], check=True, stdout=subprocess.DEVNULL)
            if not args.search:
                cfg = os.path.join(fsite, "followup.toml")
                with open(cfg) as f:
                    text = f.read()
                with open(cfg, "w") as f:
                    f.write("search = false\n" + text)
            results = {"followup": [], "hugo": []}
            fout, hout = os.path.join(shm, "f"), os.path.join(shm, "h")
            for _ in range(args.runs):
                for name in ("followup", "hugo"):
                    out = fout if name == "followup" else hout
                    shutil.rmtree(out, ignore_errors=True)
                    if name == "followup":
                        cmd = [FOLLOWUP, "build", "--root", fsite, "--output", out]
                    else:
                        cmd = ["hugo", "--quiet", "--source", hsite, "--destination", out]
                    results[name].append(timed(cmd))
            files = {"followup": count_files(fout), "hugo": count_files(hout)}
            med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in results.items()}
            rows.append((n, med, files))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(shm, ignore_errors=True)

    print(f"{'recs':>7} {'tool':<9} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'files':>7}")
    for n, med, files in rows:
        for name in ("followup", "hugo"):
            w, c, m = med[name]
            print(f"{n:>7} {name:<9} {w:>8.2f} {c:>8.2f} {m:>9.0f} {files[name]:>7}")
        fw, hw = med["followup"][0], med["hugo"][0]
        print(f"{n:>7} {'ratio':<9} {'hugo/followup wall: ' + format(hw / fw if fw else 0, '.1f') + 'x':>36}")


if __name__ == "__main__":
    main()
