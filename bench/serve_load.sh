#!/usr/bin/env bash
# Load on the preview: starts `followup serve` on a site, sends it REQUESTS
# requests over CONCURRENCY keep-alive connections with Apache Bench, and
# prints the requests per second and the failures. Only 127.0.0.1 is used.
#
#     bench/serve_load.sh [REQUESTS] [CONCURRENCY] [PATH]
#
# Defaults: 200000 requests, 100 connections, the home page (/). The site is
# SITE (default: this repository's sample); the binary FOLLOWUP_BIN (default:
# target/release/followup, so build with `cargo build --release` first).
# Needs ab (apt-get install apache2-utils) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${1:-200000}
concurrency=${2:-100}
path=${3:-/}
site=${SITE:-.}
bin=${FOLLOWUP_BIN:-target/release/followup}

for tool in ab curl "$bin"; do
  command -v "$tool" >/dev/null || { echo "serve_load: $tool not found" >&2; exit 1; }
done

log=$(mktemp)
"$bin" serve --port 0 --root "$site" >"$log" 2>&1 &
server=$!
# Stop the server this script started, whatever happens.
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$log"' EXIT

url=
for _ in $(seq 300); do
  url=$(sed -n 's/^Serving .* at \(http:[^ ]*\).*/\1/p' "$log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "serve_load: the preview did not start" >&2; cat "$log" >&2; exit 1; }

# The open data and search index are made in the background after start;
# measure once they are there, so that work does not share the CPU with ab.
for _ in $(seq 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "${url}data/recommendations.json")" = 200 ] && break
  sleep 0.1
done

target="${url%/}$path"
ab -k -n 2000 -c "$concurrency" "$target" >/dev/null 2>&1 # warm-up
result=$(ab -k -n "$requests" -c "$concurrency" "$target" 2>&1)

rps=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' <<<"$result")
failed=$(sed -n 's/^Failed requests: *\([0-9]*\).*/\1/p' <<<"$result")
non2xx=$(sed -n 's/^Non-2xx responses: *\([0-9]*\).*/\1/p' <<<"$result")
echo "ab -k -n $requests -c $concurrency $target"
echo "requests/s: ${rps:-?}"
echo "failed: ${failed:-?}"
echo "non-2xx: ${non2xx:-0}"
if [ -z "$rps" ]; then
  echo "$result" >&2
  exit 1
fi
