#!/usr/bin/env bash
# Runs lede and the nearest equivalents a user would pick instead, on the same
# corpus and machine, in one invocation, and prints one table: tool, MB/s,
# ratio to lede. Creates its own Python venv (pip) on first use.
#
#   benches/peers/run.sh [CORPUS.jsonl] [--max-mb N] [--quantulum-mb N]
#
# CORPUS defaults to ../shared/data/news/bbc-news-2225.jsonl (else samples
# repeated with `lede gen`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "peers: creating $venv (spaCy, quantulum3)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
fi
(cd "$root" && cargo build --release --quiet)
exec "$venv/bin/python" "$here/peers.py" --lede "$root/target/release/lede" --root "$root" "$@"
