#!/usr/bin/env bash
# Checks ../docker-compose.yml without a Docker engine: Compose parses, validates and interpolates it for the single
# node and for the profile "nodes", the services land in the right profiles, and deploy/nginx/check.sh tests the load
# balancer's configuration (when nginx is installed). Uses `docker compose` (the plugin) when there is one, else
# Debian's docker-compose 1.29 (apt-get install docker-compose). Exits 0 when every check passed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "compose-check.sh: needs docker compose or docker-compose (Debian: apt-get install docker-compose)" >&2
  exit 2
fi
echo "using: $("${compose[@]}" version | head -1)"

failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok    $1"; else echo "FAIL  $1: expected $2, got $3"; failures=$((failures + 1)); fi
}

# Without the admin key Compose refuses the file, as it should.
if (unset CATALOGUE_ADMIN_KEY; "${compose[@]}" config -q) >/dev/null 2>&1; then result=accepted; else result=refused; fi
check "without CATALOGUE_ADMIN_KEY the file is refused" refused "$result"

export CATALOGUE_ADMIN_KEY=compose-check-admin-key CATALOGUE_DB_PASSWORD=compose-check-password
unset CATALOGUE_SIGNING_KEY_FILE CATALOGUE_SIGNING_KEY_PEM
if "${compose[@]}" config -q; then result=valid; else result=invalid; fi
check "docker-compose.yml is valid for the single node" valid "$result"
if "${compose[@]}" --profile nodes config -q; then result=valid; else result=invalid; fi
check "docker-compose.yml is valid with --profile nodes" valid "$result"

# Each service with its profiles, read from the rendered file ("-" for none). Compose 1.x renders every service
# whatever the profiles asked for; the plugin renders only those of the profiles asked for.
profiles_of() {
  "${compose[@]}" "$@" config | awk '
    /^services:/ { in_services = 1; next }
    /^[^ ]/ { in_services = 0 }
    in_services && /^  [^ ]/ { if (name) print name, (p ? p : "-"); name = $1; sub(":", "", name); p = ""; next }
    in_services && /^    profiles:/ { reading = 1; next }
    in_services && reading && /^    - / { p = p (p ? "," : "") $2; next }
    { reading = 0 }
    END { if (name) print name, (p ? p : "-") }' | sort | xargs
}
check "services and profiles with --profile nodes" \
  "api - api-1 nodes api-2 nodes api-3 nodes db - db-replica nodes lb nodes" "$(profiles_of --profile nodes)"
if [ "${compose[0]}" == docker ]; then
  check "services without a profile" "api - db -" "$(profiles_of)"
fi

# The database password is asked for, never taken as a default; the single node takes the signing key as PEM (a path
# on the host would not exist in the container) and, when set, the OAI identity harvesters keep.
if CATALOGUE_DB_PASSWORD= "${compose[@]}" config -q 2>/dev/null; then result=taken; else result=refused; fi
check "docker-compose.yml without CATALOGUE_DB_PASSWORD" refused "$result"
single=$(CATALOGUE_OAI_REPOSITORY_IDENTIFIER=archive.example.org "${compose[@]}" config | awk '$0 == "  api:" { on = 1; next } on && /^  [^ ]/ { on = 0 } on')
check "api takes the signing key from CATALOGUE_SIGNING_KEY_PEM" 1 "$(echo "$single" | grep -c 'Catalogue__Audit__SigningKeyPem:')"
check "api takes no signing key file" 0 "$(echo "$single" | grep -c 'SigningKeyFile' || true)"
check "api names its OAI repository identifier" 1 "$(echo "$single" | grep -c 'Catalogue__Interop__OaiRepositoryIdentifier: archive.example.org')"

# The nodes share the admin key, the database and the signing key; the single node keeps its port, they have none.
rendered=$("${compose[@]}" --profile nodes config)
for node in api-1 api-2 api-3; do
  block=$(echo "$rendered" | awk -v s="  $node:" '$0 == s { on = 1; next } on && /^  [^ ]/ { on = 0 } on')
  check "$node has the admin key" 1 "$(echo "$block" | grep -c 'Catalogue__ApiKeys__admin__Key: compose-check-admin-key')"
  check "$node takes the signing key from CATALOGUE_SIGNING_KEY_PEM" 1 "$(echo "$block" | grep -c 'Catalogue__Audit__SigningKeyPem:')"
  check "$node has no port on the host" 0 "$(echo "$block" | grep -c '^    ports:' || true)"
  check "$node reads lists and search from db-replica" 1 "$(echo "$block" | grep -c 'ConnectionStrings__CatalogueReadOnly: Host=db-replica,db;')"
done

if command -v nginx >/dev/null; then
  bash "$root/deploy/nginx/check.sh" || failures=$((failures + 1))
else
  echo "skipped: deploy/nginx/check.sh (nginx is not installed; Debian: apt-get install nginx-light)"
fi

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "compose-check: all checks passed"
