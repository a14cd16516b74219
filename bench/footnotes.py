#!/usr/bin/env python3
"""Footnotes at scale: the time of `followup check` on one recommendation
citing N footnotes, and of `followup import --dry-run` of a text copied out
of Word citing N, each at N and at 2N, side by side in one run. Linear work
doubles when N does; the ratio column says how close each is to 2.

    python3 bench/footnotes.py [--n N] [--bin PATH]

Defaults: N = 60000, the binary target/release/followup (build it with
`cargo build --release` first). Standard library only; nothing is left behind.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

CONFIG = 'title = "T"\nbase_url = "https://example.org/"\nsearch = false\n[[grades]]\ncode = "A"\nlabel = "Good"\n'


def site(root, n):
    """A site of one recommendation citing n footnotes, each its own source."""
    rec = os.path.join(root, "content", "atlantis", "p10")
    os.makedirs(rec)
    with open(os.path.join(root, "followup.toml"), "w") as f:
        f.write(CONFIG)
    with open(os.path.join(root, "content", "atlantis", "_index.md"), "w") as f:
        f.write('+++\ncountry = "Atlantis"\n+++\nIntro.\n')
    with open(os.path.join(rec, "_index.md"), "w") as f:
        f.write("+++\nparagraph = 10\narticles = [7]\n+++\nConcern.\n")
    with open(os.path.join(rec, "01-first.md"), "w") as f:
        f.write('+++\ngrade = "A"\nrecommendation = """R."""\n+++\n')
        f.writelines(f"Claim {i}[^{i}].\n" for i in range(n))
        f.write("\n")
        f.writelines(f"[^{i}]: Source number {i}, <https://example.org/s/{i}>\n" for i in range(n))


def word_text(path, n):
    """An assessment as it comes out of Word, its one recommendation citing n
    footnotes, the footnotes at the end. As Word's copy has a table: each
    cell's first paragraph on a line that starts with a tab, its further
    paragraphs on lines without one, a blank line after each row; a mark
    leaves the words after it on a line of their own that starts with a
    full stop; a footnote starts with U+FFFD where its number was."""
    with open(path, "w") as f:
        f.write("Paragraph 10\n\nThe Committee is concerned.\n\n")
        f.write("\tRecommendation\n\tGrade\n\tAction taken by the State\n\tOther comments\n\n")
        f.write("\tThe State party should act.\n\tA\n\tClaims.\n")
        f.writelines(f"Claim {i}\n. More.\n" for i in range(n))
        f.write("\tNone.\n\n")
        f.writelines(f"\ufffd Source number {i}, https://example.org/s/{i}\n" for i in range(n))


def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    return took, done.returncode, (done.stdout + done.stderr).strip().splitlines()[-1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60000)
    ap.add_argument("--bin", default="target/release/followup")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"footnotes: {args.bin} not found; cargo build --release first")
    print(f"{'what':<34}{'N':>9}{'seconds':>10}{'2N/N':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for what in ("check", "import --dry-run"):
            times = []
            for n in (args.n, 2 * args.n):
                root = os.path.join(tmp, f"{what.split()[0]}-{n}")
                if what == "check":
                    site(root, n)
                    cmd = [args.bin, "check", "--root", root]
                else:
                    os.makedirs(root)
                    with open(os.path.join(root, "followup.toml"), "w") as f:
                        f.write(CONFIG)
                    os.makedirs(os.path.join(root, "content"))
                    text = os.path.join(root, "assessment.txt")
                    word_text(text, n)
                    cmd = [args.bin, "import", text, "--root", root, "--country", "atlantis",
                           "--dry-run", "--keep-going"]
                took, code, last = timed(cmd)
                times.append(took)
                ratio = f"{times[1] / times[0]:.2f}" if len(times) == 2 else ""
                print(f"{what:<34}{n:>9}{took:>10.2f}{ratio:>8}   exit {code}: {' '.join(last)[:60]}")


if __name__ == "__main__":
    main()
