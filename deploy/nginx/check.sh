#!/usr/bin/env bash
# Tests deploy/nginx/catalogue.conf without Docker: nginx -t on it, then a real nginx on loopback in front of three
# stub nodes (stub-node.mjs), checking what the configuration promises: requests spread over the nodes, a GET moved
# to another node when its node fails, a POST never sent twice, Retry-After passed through, X-Forwarded-For/Proto
# set, bodies of any size streamed. Needs nginx (Debian: apt-get install nginx-light), node and curl.
# Exits 0 when every check passed, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
for tool in nginx node curl; do
  command -v "$tool" >/dev/null || { echo "check.sh: $tool is not installed (nginx: apt-get install nginx-light)" >&2; exit 2; }
done

work=$(mktemp -d)
chmod 755 "$work"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

version=$(nginx -v 2>&1 | sed -E 's|.*nginx/([0-9.]+).*|\1|')
# The nodes' names become loopback ports. "resolve" (nginx 1.27.3 and later) has no DNS to ask here, so it is taken
# out for the test: what it does, finding nodes again by name, is not tested.
ports=("$(free_port)" "$(free_port)" "$(free_port)")
lb=$(free_port)
sed -E -e "s/api-1:8080/127.0.0.1:${ports[0]}/; s/api-2:8080/127.0.0.1:${ports[1]}/; s/api-3:8080/127.0.0.1:${ports[2]}/" \
       -e 's/ resolve([ ;])/\1/' -e "s/listen 80;/listen 127.0.0.1:${lb};/" "$here/catalogue.conf" > "$work/catalogue.conf"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log info;
events { worker_connections 256; }
http {
    access_log $work/access.log;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/catalogue.conf;
}
EOF

echo "nginx $version: nginx -t on catalogue.conf (api-N mapped to loopback ports; 'resolve' taken out)"
nginx -t -p "$work" -c "$work/nginx.conf"

log="$work/requests.jsonl"
: > "$log"
node_pids=()
for i in 0 1 2; do
  node "$here/stub-node.mjs" "api-$((i + 1))" "${ports[$i]}" "$log" &
  node_pids+=($!)
  pids+=($!)
done
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)

base="http://127.0.0.1:$lb"
for _ in $(seq 1 50); do
  if curl -s -o /dev/null "$base/ok" && [ "$(grep -c '"path":"/ok"' "$log")" -ge 1 ]; then break; fi
  sleep 0.1
done

failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok    $1"; else echo "FAIL  $1: expected $2, got $3"; failures=$((failures + 1)); fi
}
received() { # received METHOD PATH: how many requests the nodes received
  grep -c "\"method\":\"$1\",\"path\":\"$2\"" "$log" || true
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# Spread: thirty GETs reach all three nodes.
: > "$log"
for _ in $(seq 1 30); do curl -s -o /dev/null "$base/ok"; done
check "30 GETs reach all three nodes" 3 "$(grep -o '"node":"api-[123]"' "$log" | sort -u | wc -l)"

# Forwarded headers.
: > "$log"
curl -s -o /dev/null "$base/ok"
check "X-Forwarded-For is the client's address" '"127.0.0.1"' "$(grep -o '"forwardedFor":[^,]*' "$log" | cut -d: -f2)"
check "X-Forwarded-Proto is http" '"http"' "$(grep -o '"forwardedProto":[^,]*' "$log" | cut -d: -f2)"
check "Host is passed as the client sent it" "\"127.0.0.1:$lb\"" "$(grep -o '"host":[^,]*' "$log" | cut -d: -f2-)"

# A node that fails a request (closes the connection without answering).
: > "$log"
check "a GET whose node fails is answered 502 once every node has failed it" 502 "$(status "$base/drop")"
check "... after it was tried on each of the three nodes" 3 "$(received GET /drop)"
: > "$log"
check "a POST whose node fails is answered 502" 502 "$(status -X POST -d '{}' "$base/drop")"
check "... and was sent to one node only" 1 "$(received POST /drop)"

# 503 with Retry-After, as the service answers while PostgreSQL is away or a node's searches are all taken.
: > "$log"
headers=$(curl -s -D - -o /dev/null "$base/unavailable")
check "a GET answered 503 is answered 503" 503 "$(echo "$headers" | head -1 | cut -d' ' -f2)"
check "... with the service's Retry-After" "7" "$(echo "$headers" | tr -d '\r' | sed -n 's/^[Rr]etry-[Aa]fter: //p')"
check "... and was sent to one node only" 1 "$(received GET /unavailable)"
check "... and no node is set aside for it: the next GET is answered by a node" 200 "$(status "$base/ok")"
: > "$log"
headers=$(curl -s -D - -o /dev/null -X POST -d '{}' "$base/unavailable")
check "a POST answered 503 is answered 503" 503 "$(echo "$headers" | head -1 | cut -d' ' -f2)"
check "... with the service's Retry-After" "7" "$(echo "$headers" | tr -d '\r' | sed -n 's/^[Rr]etry-[Aa]fter: //p')"
check "... and was sent to one node only" 1 "$(received POST /unavailable)"

# Bodies of any size, streamed (nginx's default limit is 1 MiB).
: > "$log"
head -c 50000000 /dev/zero > "$work/body"
check "a 50 MB body reaches a node whole" 50000000 "$(curl -s --data-binary @"$work/body" "$base/size")"
check "a chunked body of unknown length reaches a node whole" 50000000 \
  "$(curl -s -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-ndjson' -T - "$base/size" < "$work/body")"
check "... passed on chunked, not spooled and counted first" true "$(tail -1 "$log" | grep -o '"chunked":[a-z]*' | cut -d: -f2)"

# One node down: requests go to the other two, none is lost or sent twice.
kill "${node_pids[1]}"
wait "${node_pids[1]}" 2>/dev/null || true
: > "$log"
answered=0
for _ in $(seq 1 12); do [ "$(status -X POST -d '{}' "$base/ok")" == 200 ] && answered=$((answered + 1)); done
for _ in $(seq 1 12); do [ "$(status "$base/ok")" == 200 ] && answered=$((answered + 1)); done
check "with api-2 down, 12 POSTs and 12 GETs are all answered 200" 24 "$answered"
check "... each received by a node once" "12 12" "$(received POST /ok) $(received GET /ok)"
check "... none of them by api-2" 0 "$(grep -c '"node":"api-2"' "$log" || true)"

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
