#!/usr/bin/env bash
# OmniHTTP vs nginx on loopback, serving the same ~1 KB JSON: wrk -t2 -c64 -d10s --latency against each.
# Prints req/s and p99 for both, the ratio ours/nginx, and the idle RSS of our server. Stops what it starts.
# Environment: DURATION (10s), CONNECTIONS (64), THREADS (2), OURS_PORT (18081), NGINX_PORT (18082).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
OURS_PORT=${OURS_PORT:-18081}
NGINX_PORT=${NGINX_PORT:-18082}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] || ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

swift build -c release --product HTTPBenchServer 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/HTTPBenchServer

WORK=$(mktemp -d /tmp/omnihttp-bench.XXXXXX)
OURS_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$OURS_PID" ] && kill -TERM "$OURS_PID" 2>/dev/null && wait "$OURS_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() { # url
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "not answering: $1" >&2
    return 1
}

"$BIN" "127.0.0.1:$OURS_PORT" 2>"$WORK/ours.log" &
OURS_PID=$!
wait_for "http://127.0.0.1:$OURS_PORT/healthz"
sleep 0.5
IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$OURS_PID/status")

# nginx serves the very bytes our server returns.
mkdir -p "$WORK/www"
curl -fsS "http://127.0.0.1:$OURS_PORT/bench.json" -o "$WORK/www/bench.json"
USER_LINE=""
[ "$(id -u)" = "0" ] && USER_LINE="user root;"
cat >"$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    types { application/json json; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
        location = /bench.json { }
    }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
wait_for "http://127.0.0.1:$NGINX_PORT/bench.json"

run_wrk() { # name port
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:$2/bench.json" >/dev/null # warm-up
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$2/bench.json" >"$WORK/$1.txt"
    local rps p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/$1.txt")
    errors=$(grep -E "Non-2xx|Socket errors" "$WORK/$1.txt" | tr '\n' ' ' || true)
    printf '%-8s %12s req/s   p99 %-10s %s\n' "$1" "$rps" "$p99" "$errors"
    eval "${1}_RPS=$rps"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, loopback, $(nproc) cores"
run_wrk omnihttp "$OURS_PORT"
run_wrk nginx "$NGINX_PORT"
LOAD_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$OURS_PID/status")
awk -v o="$omnihttp_RPS" -v n="$nginx_RPS" 'BEGIN { printf "ratio    omnihttp/nginx = %.2f (target >= 0.70)\n", o / n }'
echo "rss      omnihttp idle ${IDLE_RSS_KB} kB (target < 20480), after load ${LOAD_RSS_KB} kB"
