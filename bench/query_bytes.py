#!/usr/bin/env python3
"""How many bytes the search page fetches for one query.

    python3 bench/query_bytes.py OUTPUT_DIR QUERY [BASE_PATH] [--each]

Serves a built site (OUTPUT_DIR, published under BASE_PATH, `/` by default)
on 127.0.0.1, opens `<BASE_PATH>search/?q=QUERY` in headless Chromium until
the page is idle, and counts what the server sent: text files (HTML, CSS,
JavaScript, JSON) as gzip sends them, as GitHub Pages does; Pagefind's own
files as they are (they are compressed already). Prints the total by kind of
file, and with --each every request.
"""

import collections
import functools
import gzip
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading


def main():
    args = [a for a in sys.argv[1:] if a != "--each"]
    if len(args) < 2:
        sys.exit(__doc__)
    root, query = args[0], args[1]
    prefix = (args[2] if len(args) > 2 else "/").rstrip("/")
    sent = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def translate_path(self, path):
            if path.startswith(prefix + "/"):
                path = path[len(prefix):]
            return super().translate_path(path)

        def copyfile(self, source, destination):
            data = source.read()
            destination.write(data)
            path = self.path.split("?")[0]
            text = path.endswith("/") or re.search(r"\.(html|css|js|json)$", path)
            sent.append((self.path, len(gzip.compress(data, 6)) if text else len(data)))

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}{prefix}/search/?q={query}"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
             f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", url],
            capture_output=True, timeout=120, check=False)
    server.shutdown()

    kinds = collections.Counter()
    for path, n in sent:
        if "--each" in sys.argv:
            print(f"{n:9,d}  {path}")
        kind = "page and theme"
        if "/pagefind/" in path:
            kind = re.sub(r"^.*/pagefind/(\d+/)?", "pagefind/", path.split("?")[0])
            kind = re.sub(r"/(fragment|index|filter)/.*", r"/\1/", kind)
            kind = re.sub(r"\.[a-z]+_[0-9a-f]+\.pf_meta$", ".pf_meta", kind)
        kinds[kind] += n
    for kind, n in kinds.most_common():
        print(f"{n:9,d}  {kind}")
    print(f"{sum(n for _, n in sent):9,d}  in all, {len(sent)} requests")


if __name__ == "__main__":
    main()
