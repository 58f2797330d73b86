#!/usr/bin/env bash
# Load test of a running Catalogue service with wrk: ~80% reads, ~20% commands.
#
# Usage:  CATALOGUE_API_KEY=<admin or archivist key> deploy/load/run.sh [URL] [DURATION] [CONNECTIONS]
#   URL          the service to load (default http://127.0.0.1:5080); nothing else is ever contacted
#   DURATION     how long wrk runs, in wrk's notation (default 30s)
#   CONNECTIONS  concurrent connections (default 16; wrk threads = min(CONNECTIONS, CPUs))
#
# It first accessions a handful of records with curl so reads have targets, then runs wrk with
# deploy/load/mixed.lua: GET /api/records, GET /api/records/{id}, GET /api/records/{id}/citation, and
# POST /api/records/{id}/title (If-Match: the last version seen; 409 is expected and tolerated) and
# POST /api/records (accessions). It prints requests/s, latency p50/p90/p99/max and answers by status class.
# It stops by itself after DURATION. The records it creates stay in the catalogue (titles start "Load test").
# Note the service's rate limit (Catalogue:RateLimit:PermitsPerMinute, default 1200 per client): beyond it the
# answers are 429 and are counted as 4xx; raise the limit for a meaningful run.
set -euo pipefail

url="${1:-http://127.0.0.1:5080}"
duration="${2:-30s}"
connections="${3:-16}"
url="${url%/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -z "${CATALOGUE_API_KEY:-}" ]]; then
    echo "Set CATALOGUE_API_KEY to an admin or archivist key (the service writes one to .catalogue/admin-api-key)." >&2
    exit 2
fi

if ! command -v wrk >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing wrk with apt-get…" >&2
        apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
    else
        echo "wrk is not installed: install it (Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk) and run again." >&2
        exit 2
    fi
fi
command -v curl >/dev/null 2>&1 || { echo "curl is needed (apt-get install curl)." >&2; exit 2; }

# A handful of records to read and correct.
ids=()
for i in 1 2 3 4 5 6 7 8; do
    reply=$(curl -sS --fail-with-body --max-time 10 -X POST "$url/api/records" \
        -H "X-Api-Key: $CATALOGUE_API_KEY" -H 'Content-Type: application/json' \
        -d "{\"title\":\"Load test record $i ($(date -u +%Y-%m-%dT%H:%M:%SZ))\",\"documentType\":\"Memorandum\"}") || {
        echo "Could not accession a record at $url: $reply" >&2; exit 1; }
    id=$(printf '%s' "$reply" | sed -nE 's/.*"id":"([0-9a-fA-F-]{36})".*/\1/p')
    [[ -n "$id" ]] || { echo "Unexpected answer to an accession: $reply" >&2; exit 1; }
    ids+=("$id")
done
echo "Accessioned ${#ids[@]} records at $url; running wrk for $duration with $connections connections…"

cpus=$(nproc 2>/dev/null || echo 2)
threads=$(( connections < cpus ? connections : cpus ))
(( threads >= 1 )) || threads=1

# The Lua script reads its targets from the environment; wrk is pointed at URL and nowhere else.
CATALOGUE_LOAD_IDS="${ids[*]}" CATALOGUE_API_KEY="$CATALOGUE_API_KEY" \
    wrk --threads "$threads" --connections "$connections" --duration "$duration" --timeout 10s --latency \
        --script "$here/mixed.lua" "$url"
