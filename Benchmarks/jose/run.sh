#!/usr/bin/env bash
# RS256 throughput of OmniJWT against `openssl speed rsa2048`, single process, same run.
# Targets: signing >= 90 % of OpenSSL's sign/s; full verification (split, base64url, JSON of
# header and claims, RSA verify, claim checks) >= 60 % of OpenSSL's raw verify/s.
# Usage: Benchmarks/jose/run.sh [SECONDS]   (default 5 per measurement)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-5}"

swift build -c release --product JOSEBench >/dev/null
bench="$(swift build -c release --show-bin-path)/JOSEBench"

# OpenSSL first, then ours, then OpenSSL again: the average of the two OpenSSL runs brackets
# ours, which evens out a machine whose load changes during the run.
openssl_run() {
    openssl speed -seconds "$seconds" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { print $6, $7 }'
}
read -r ossl_sign_a ossl_verify_a < <(openssl_run)
ours="$("$bench" --seconds "$seconds")"
read -r ossl_sign_b ossl_verify_b < <(openssl_run)

value() { awk -v key="$1" '$1 == key { print $2 }' <<<"$ours"; }
sign="$(value sign_per_sec)"
verify="$(value verify_per_sec)"
raw_sign="$(value raw_sign_per_sec)"
raw_verify="$(value raw_verify_per_sec)"

awk -v s="$sign" -v v="$verify" -v rs="$raw_sign" -v rv="$raw_verify" \
    -v osa="$ossl_sign_a" -v osb="$ossl_sign_b" -v ova="$ossl_verify_a" -v ovb="$ossl_verify_b" \
    -v bytes="$(value token_bytes)" 'BEGIN {
    os = (osa + osb) / 2; ov = (ova + ovb) / 2
    printf "access token: %d bytes (RS256, RSA-2048)\n", bytes
    printf "%-38s %12s %12s %8s %8s\n", "", "ours/s", "openssl/s", "ratio", "target"
    printf "%-38s %12.0f %12.0f %7.1f%% %8s\n", "raw RS256 sign (OmniCrypto)", rs, os, 100 * rs / os, ""
    printf "%-38s %12.0f %12.0f %7.1f%% %8s\n", "JWT sign (encode+sign+base64url)", s, os, 100 * s / os, ">= 90%"
    printf "%-38s %12.0f %12.0f %7.1f%% %8s\n", "raw RS256 verify (OmniCrypto)", rv, ov, 100 * rv / ov, ""
    printf "%-38s %12.0f %12.0f %7.1f%% %8s\n", "JWT full verify (parse+verify+claims)", v, ov, 100 * v / ov, ">= 60%"
    printf "openssl runs: sign %s / %s, verify %s / %s\n", osa, osb, ova, ovb
    ok = (s >= 0.9 * os) && (v >= 0.6 * ov)
    print (ok ? "targets met" : "TARGETS MISSED")
}'
