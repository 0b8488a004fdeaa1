#!/usr/bin/env bash
# Token endpoint throughput: client_credentials and refresh_token grants with wrk (32 connections),
# printed beside `openssl speed -multi 2 rsa2048` sign/s measured in the same run (every token is one
# RS256 signature, so that is the ceiling). Loopback only; every load loop is bounded by DURATION.
# Environment: DURATION (10s), CONNECTIONS (32), THREADS (2), PORT (18090), SEEDED (40 refresh tokens).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
SEEDED=${SEEDED:-40}

command -v wrk >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
python3 -c 'import requests' 2>/dev/null || python3 -m pip install --quiet requests

swift build -c release --product omniid --static-swift-stdlib 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/omniid

WORK=$(mktemp -d /tmp/omniid-oauth-bench.XXXXXX)
PID=""
cleanup() {
    [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

SERVICE_SECRET="bench-service-secret-0123456789"
cat >"$WORK/omniid.json" <<JSON
{
  "issuer": "http://127.0.0.1:$PORT",
  "listen": "127.0.0.1:$PORT",
  "database": "omniid.sqlite",
  "keys_dir": "keys",
  "log_level": "${LOG_LEVEL:-info}",
  "sms": { "sender": "outbox", "outbox_path": "outbox.jsonl" },
  "rate_limits": { "otp_sends_per_phone_per_minute": 1, "token_requests_per_client_per_minute": 100000000 },
  "http": { "event_loops": ${EVENT_LOOPS:-0} },
  "clients": [
    { "client_id": "bench-service", "name": "Bench Service", "channel": "service", "type": "confidential",
      "secret": "$SERVICE_SECRET", "grant_types": ["client_credentials"], "scopes": ["orders"] },
    { "client_id": "bench-app", "name": "Bench App", "channel": "app", "type": "public",
      "redirect_uris": ["http://127.0.0.1/callback"], "grant_types": ["authorization_code", "refresh_token"],
      "scopes": ["openid", "phone", "offline_access"] }
  ]
}
JSON
"$BIN" serve --config "$WORK/omniid.json" 2>"$WORK/server.log" &
PID=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break; sleep 0.1; done

echo "== openssl speed -multi 2 rsa2048 (sign/s ceiling, same run)"
OPENSSL_SIGN=$(openssl speed -multi 2 -seconds 5 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $(NF-1)}' | tail -1)
echo "openssl sign/s: $OPENSSL_SIGN"

# Server CPU (user + system, all threads) in clock ticks, read around each load run: CPU per answer
# shows where a grant's cost goes beyond its signatures.
TICK=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
cpu_per_answer() { # ticks-before ticks-after wrk-output -> server CPU microseconds per answer
    awk -v a="$1" -v b="$2" -v t="$TICK" '/^Requests\/sec/ {rps = $2} /requests in/ {n = $1}
        END {if (n > 0) printf "%.0f", (b - a) / t * 1e6 / n}' "$3"
}

export BENCH_BASIC
BENCH_BASIC=$(printf 'bench-service:%s' "$SERVICE_SECRET" | base64 -w0)
echo "== client_credentials: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
T0=$(server_ticks)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s Benchmarks/oauth/client_credentials.lua \
    "http://127.0.0.1:$PORT/token" >"$WORK/cc.txt"
CC_CPU=$(cpu_per_answer "$T0" "$(server_ticks)" "$WORK/cc.txt")
CC_RPS=$(awk '/^Requests\/sec/ {print $2}' "$WORK/cc.txt")
CC_P99=$(awk '$1 == "99%" {print $2}' "$WORK/cc.txt")
CC_BAD=$(awk '/^non200/ {print $2}' "$WORK/cc.txt")

# Refresh twice: with `openid` every answer carries a new ID token too (two RS256 signatures per
# request, OpenID Connect Core §12.2); with `offline_access` alone, one signature per request.
refresh_run() { # label scope phone-offset
    echo "== seeding $SEEDED refresh tokens ($2) through the phone-OTP flow"
    BENCH_PHONE_OFFSET=$3 python3 Benchmarks/oauth/seed_refresh_tokens.py "http://127.0.0.1:$PORT" \
        "$WORK/outbox.jsonl" "$SEEDED" bench-app "http://127.0.0.1/callback" "$2" >"$WORK/tokens-$1.txt"
    echo "== refresh_token ($2): wrk -t$THREADS -c$CONNECTIONS -d$DURATION (each request uses the previous answer's token)"
    local t0
    t0=$(server_ticks)
    BENCH_TOKENS="$WORK/tokens-$1.txt" BENCH_THREADS="$THREADS" BENCH_CLIENT=bench-app \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s Benchmarks/oauth/refresh_token.lua \
        "http://127.0.0.1:$PORT/token" >"$WORK/rt-$1.txt"
    cpu_per_answer "$t0" "$(server_ticks)" "$WORK/rt-$1.txt" >"$WORK/cpu-$1.txt"
}
refresh_run idtoken "openid phone offline_access" 0
refresh_run access "offline_access" 1000
RT_RPS=$(awk '/^Requests\/sec/ {print $2}' "$WORK/rt-idtoken.txt")
RT_P99=$(awk '$1 == "99%" {print $2}' "$WORK/rt-idtoken.txt")
RT_BAD=$(awk '/^non200/ {print $2}' "$WORK/rt-idtoken.txt")
RA_RPS=$(awk '/^Requests\/sec/ {print $2}' "$WORK/rt-access.txt")
RA_P99=$(awk '$1 == "99%" {print $2}' "$WORK/rt-access.txt")
RA_BAD=$(awk '/^non200/ {print $2}' "$WORK/rt-access.txt")
RT_CPU=$(cat "$WORK/cpu-idtoken.txt")
RA_CPU=$(cat "$WORK/cpu-access.txt")

echo
printf '%-30s %10s %10s %8s %12s %14s %14s\n' "grant" "answers/s" "p99" "non-200" "signatures/s" "vs openssl" \
    "server µs/ans"
row() { # label answers/s p99 non200 signatures-per-answer cpu-per-answer
    printf '%-30s %10s %10s %8s %12.0f %13.1f%% %14s\n' "$1" "$2" "$3" "$4" \
        "$(awk -v a="$2" -v n="$5" 'BEGIN {print a * n}')" \
        "$(awk -v a="$2" -v n="$5" -v b="$OPENSSL_SIGN" 'BEGIN {print a * n / b * 100}')" "$6"
}
row client_credentials "$CC_RPS" "$CC_P99" "$CC_BAD" 1 "$CC_CPU"
row "refresh_token (+ID token)" "$RT_RPS" "$RT_P99" "$RT_BAD" 2 "$RT_CPU"
row "refresh_token (access only)" "$RA_RPS" "$RA_P99" "$RA_BAD" 1 "$RA_CPU"
printf '%-30s %10s\n' "openssl -multi 2 sign/s" "$OPENSSL_SIGN"
echo "Targets: >= 60 % of the openssl sign/s ceiling, p99 < 20 ms at $CONNECTIONS connections."
