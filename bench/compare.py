#!/usr/bin/env python3
"""followup against Hugo, and against Hugo plus the Pagefind CLI, on the same dossiers.

    python3 bench/compare.py [--sizes 1000 10000 100000] [--runs 5] [--edits 20] [--rebuilds 5]

For each size, examples/gen_corpus.rs writes the same synthetic corpus as a
followup site and as a Hugo site (layouts in bench/hugo/). Four builds are
timed --runs times each, in an order that turns round every run, inputs and
outputs on /dev/shm (on a disk, file-system noise swamps the difference):

- followup with its default settings, search index included;
- followup with `search = false`;
- Hugo, which has no search;
- Hugo, then the Pagefind CLI over its output: what a Hugo site adds for the
  same search (wall and CPU summed, peak memory the larger of the two).

Then the rebuild after one file changed, as a publishing workflow meets it
on every push: each of --rebuilds times, one recommendation's grade and body
are edited (in both flavours alike), and followup (default settings, its
build cache kept from the build before) and Hugo (its own rebuild, over its
last output) build again, in turns.

The table gives the median wall time, CPU time (user + system), peak memory
(max RSS) and pages written, then three ratios, each measured side by side
in the same runs: Hugo ÷ followup (default), (Hugo + Pagefind) ÷ followup
(default), Hugo ÷ followup (no search), and Hugo ÷ followup for the
rebuilds. Then, at 10,000 recommendations and
above, `followup serve` is started on the site and a recommendation is
edited --edits times: the time from saving to the new text being served.

Needs Hugo (apt-get install hugo), GNU time (/usr/bin/time) and the
Pagefind CLI at the version followup uses (`npm ci --prefix bench`, or
`PAGEFIND=/path/to/pagefind`).
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
# FOLLOWUP_BIN: another followup to time (an older one, side by side).
FOLLOWUP = os.environ.get("FOLLOWUP_BIN") or os.path.join(RELEASE, "followup")
GEN = os.path.join(RELEASE, "examples", "gen_corpus")
LATENCY = os.path.join(RELEASE, "examples", "serve_latency")
PAGEFIND = os.environ.get("PAGEFIND") or os.path.join(ROOT, "bench", "node_modules", ".bin", "pagefind")
TOOLS = ("followup", "followup, no search", "hugo", "hugo + pagefind")


def timed(*cmds):
    """Runs the commands one after the other under GNU time; returns (wall s,
    cpu s, peak MiB): times summed, memory the largest. A command that fails
    (the Pagefind CLI over a very large site, say) is said, with what it
    printed, and its build counts as failed (None)."""
    total = [0.0, 0.0, 0.0]
    for cmd in cmds:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            said = (r.stdout + r.stderr).strip().splitlines()
            print(f"failed: {' '.join(cmd)}\n  " + "\n  ".join(said[-12:]), file=sys.stderr)
            return None
        wall, user, system, rss = r.stderr.strip().splitlines()[-1].split()
        total[0] += float(wall)
        total[1] += float(user) + float(system)
        total[2] = max(total[2], int(rss) / 1024)
    return tuple(total)


def pages(d):
    return sum(1 for _, _, fs in os.walk(d) for f in fs if f.endswith(".html"))


def edit_one(site, run):
    """Changes the grade and the body of the first recommendation of `site`
    (either flavour): a different grade and text on every run."""
    content = os.path.join(site, "content")
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        recs = sorted(f for f in files if f.endswith(".md") and not f.startswith("_"))
        if recs:
            path = os.path.join(folder, recs[0])
            break
    with open(path, encoding="utf-8") as f:
        text = f.read()
    grade = "A1" if run % 2 else "B1"
    text = re.sub(r'^grade = "[^"]*"', f'grade = "{grade}"', text, count=1, flags=re.M)
    text = re.sub(r'^grades = \["[^"]*"\]', f'grades = ["{grade}"]', text, count=1, flags=re.M)
    text += f"\nEdited for rebuild {run}.\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def rebuilds(fsite, hsite, shm, runs):
    """Median (wall, CPU, peak) of followup's and Hugo's rebuilds after one
    file changed, each over its own last output (and cache), in turns."""
    fout, hout = os.path.join(shm, "rebuild-followup"), os.path.join(shm, "rebuild-hugo")
    cmds = {
        "followup": [[FOLLOWUP, "build", "--root", fsite, "--output", fout]],
        "hugo": [["hugo", "--quiet", "--source", hsite, "--destination", hout]],
    }
    for cmd in cmds.values():
        timed(*cmd)  # the first build, which keeps the cache and output
    results = {tool: [] for tool in cmds}
    for run in range(runs):
        edit_one(fsite, run)
        edit_one(hsite, run)
        for tool in (("followup", "hugo") if run % 2 else ("hugo", "followup")):
            results[tool].append(timed(*cmds[tool]))
    for d in (fout, hout, os.path.join(fsite, ".followup-cache")):
        shutil.rmtree(d, ignore_errors=True)
    return {t: ([statistics.median(x[i] for x in v if x) for i in range(3)]
                if all(v) else None) for t, v in results.items()}


def latency(site, edits):
    """Median save-to-served times (body edit, recommendation-text edit, grade change
    until the edited page shows it, and until its country's page does), ms."""
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
    ap.add_argument("--rebuilds", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("hugo"):
        sys.exit("needs Hugo: apt-get install hugo")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs GNU time: apt-get install time")
    if not os.path.exists(PAGEFIND):
        sys.exit("needs the Pagefind CLI: npm ci --prefix bench (or PAGEFIND=/path/to/pagefind)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "followup",
                    "--example", "gen_corpus", "--example", "serve_latency"],
                   cwd=ROOT, check=True)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    pagefind_version = subprocess.run([PAGEFIND, "--version"], capture_output=True, text=True).stdout.split()[-1]

    shm = tempfile.mkdtemp(prefix="followup-bench-", dir="/dev/shm")
    rows, serve, rebuilt = [], [], []
    try:
        for n in args.sizes:
            fsite = os.path.join(shm, f"followup-{n}")
            fsite_nosearch = os.path.join(shm, f"followup-nosearch-{n}")
            hsite = os.path.join(shm, f"hugo-{n}")
            gen = [GEN, "--n", str(n)]
            subprocess.run(gen + ["--search", "--out", fsite], check=True, stdout=subprocess.DEVNULL)
            subprocess.run(gen + ["--out", fsite_nosearch], check=True, stdout=subprocess.DEVNULL)
            subprocess.run(gen + ["--out", hsite, "--flavor", "hugo"], check=True, stdout=subprocess.DEVNULL)
            out = {tool: os.path.join(shm, f"out-{i}") for i, tool in enumerate(TOOLS)}
            cmds = {
                "followup": [[FOLLOWUP, "build", "--root", fsite, "--output", out["followup"]]],
                "followup, no search": [[FOLLOWUP, "build", "--root", fsite_nosearch,
                                         "--output", out["followup, no search"]]],
                "hugo": [["hugo", "--quiet", "--source", hsite, "--destination", out["hugo"]]],
                "hugo + pagefind": [
                    ["hugo", "--quiet", "--source", hsite, "--destination", out["hugo + pagefind"]],
                    [PAGEFIND, "--site", out["hugo + pagefind"], "--silent"],
                ],
            }
            results = {tool: [] for tool in TOOLS}
            for run in range(args.runs):
                # Turn the order round, so no tool always meets a warm or a cold machine.
                order = TOOLS[run % len(TOOLS):] + TOOLS[:run % len(TOOLS)]
                for tool in order:
                    shutil.rmtree(out[tool], ignore_errors=True)
                    # A first build: no build cache kept from the run before.
                    for site in (fsite, fsite_nosearch):
                        shutil.rmtree(os.path.join(site, ".followup-cache"), ignore_errors=True)
                    results[tool].append(timed(*cmds[tool]))
                print(f"  {n} recommendations: run {run + 1} of {args.runs} done", file=sys.stderr)
            counted = {tool: pages(d) for tool, d in out.items()}
            med = {t: ([statistics.median(x[i] for x in v if x) for i in range(3)]
                       if all(v) else None) for t, v in results.items()}
            rows.append((n, med, counted))
            for d in [fsite_nosearch] + list(out.values()):
                shutil.rmtree(d, ignore_errors=True)
            if args.rebuilds:
                rebuilt.append((n, rebuilds(fsite, hsite, shm, args.rebuilds)))
            shutil.rmtree(hsite, ignore_errors=True)
            if n >= 10000 and args.edits:
                medians, first = latency(fsite, args.edits)
                serve.append((n, first, medians))
            shutil.rmtree(fsite, ignore_errors=True)
    finally:
        shutil.rmtree(shm, ignore_errors=True)

    print(f"\nBuilds: median of {args.runs}, the order turning each run, on /dev/shm; Hugo {hugo_version};"
          f" Pagefind CLI {pagefind_version}; {os.cpu_count()} cores.\n")
    print("| recs | build | wall s | CPU s | peak MiB | pages |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for n, med, counted in rows:
        for tool in TOOLS:
            if med[tool] is None:
                print(f"| {n:,} | {tool} | failed | | | |")
                continue
            w, c, m = med[tool]
            print(f"| {n:,} | {tool} | {w:.2f} | {c:.2f} | {m:,.0f} | {counted[tool]:,} |")
    print("\nRatios of median wall times (above 1: followup is faster):\n")
    print("| recs | Hugo ÷ followup | (Hugo + Pagefind) ÷ followup | Hugo ÷ followup without search |")
    print("| ---: | ---: | ---: | ---: |")
    for n, med, _ in rows:
        w = {t: med[t][0] if med[t] else None for t in TOOLS}
        ratio = lambda a, b: f"{w[a] / w[b]:.1f}×" if w[a] and w[b] else "–"
        print(f"| {n:,} | {ratio('hugo', 'followup')} | {ratio('hugo + pagefind', 'followup')}"
              f" | {ratio('hugo', 'followup, no search')} |")
    if rebuilt:
        print(f"\nOne file changed (a grade and a body), then built again: median of {args.rebuilds};"
              " followup with its build cache, Hugo over its last output:\n")
        print("| recs | build | wall s | CPU s | peak MiB | Hugo ÷ followup |")
        print("| ---: | --- | ---: | ---: | ---: | ---: |")
        for n, med in rebuilt:
            f, h = med["followup"], med["hugo"]
            ratio = f"{h[0] / f[0]:.1f}×" if f and h else "–"
            for tool, m in (("followup, cache", f), ("hugo", h)):
                cells = f"{m[0]:.2f} | {m[1]:.2f} | {m[2]:,.0f}" if m else "failed | |"
                print(f"| {n:,} | {tool} | {cells} | {ratio if tool == 'hugo' else ''} |")
    if serve:
        print(f"\n`followup serve` (search on), save to new text served, median of {args.edits} edits:\n")
        print("| recs | first build ms | body edit ms | recommendation-text edit ms |"
              " grade change: edited page ms | grade change: lists ms |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, first, medians in serve:
            cells = " | ".join(f"{m:.1f}" for m in medians)
            print(f"| {n:,} | {first:,} | {cells} |")


if __name__ == "__main__":
    main()
