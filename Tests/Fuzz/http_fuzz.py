#!/usr/bin/env python3
"""Bounded, seeded raw-socket fuzzer for OmniHTTP.

Mutates valid requests (random bytes, Content-Length / Transfer-Encoding games, huge headers, bare CR/LF,
obs-fold, split writes) and asserts that the server never crashes, that every byte it sends back parses as a
sequence of valid HTTP/1.1 responses, and that /healthz still answers 200 throughout.

    python3 Tests/Fuzz/http_fuzz.py --server-bin .build/release/HTTPBenchServer --cases 3000 --time-limit 120
    python3 Tests/Fuzz/http_fuzz.py --port 8081          # against a server already running on 127.0.0.1

Loopback only. Exit status 0 when every check held.
"""
import argparse
import collections
import concurrent.futures
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
STATUS_LINE = re.compile(rb"HTTP/1\.1 ([1-5][0-9][0-9]) [\t -~\x80-\xff]*\r\n")

BASE_REQUESTS = [
    b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /bench.json?x=1&y=%20 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nCookie: sid=1\r\n\r\n",
    b"HEAD /bench.json HTTP/1.1\r\nHost: a\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
    b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    b"GET /healthz HTTP/1.0\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /bench.json HTTP/1.1\r\nHost: a\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
]

FRAMING_HEADERS = [
    b"Content-Length: 5", b"Content-Length: 0", b"Content-Length: -1", b"Content-Length: 5, 5",
    b"Content-Length: 99999999999999999999", b"Content-Length: 0x10", b"Content-Length : 3", b"Content-Length:\t4",
    b"Transfer-Encoding: chunked", b"Transfer-Encoding:  chunked ", b"Transfer-Encoding: Chunked",
    b"Transfer-Encoding: chunked, identity", b"Transfer-Encoding: gzip, chunked", b"Transfer-Encoding: xchunked",
    b"Transfer-Encoding: \x0bchunked", b"Transfer-Encoding\t: chunked", b" Transfer-Encoding: chunked",
    b"Expect: 100-continue", b"Expect: nonsense", b"Connection: close", b"Connection: keep-alive, Upgrade",
    b"Host: b", b"Host: a b", b"Upgrade: h2c",
]


def mutate(rng: random.Random) -> bytes:
    data = bytearray(rng.choice(BASE_REQUESTS))
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(12)
        if kind == 0 and data:  # flip random bytes
            for _ in range(rng.randint(1, 5)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:  # insert random bytes
            pos = rng.randrange(len(data) + 1)
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == 2 and data:  # delete a range
            pos = rng.randrange(len(data))
            del data[pos:pos + rng.randint(1, 16)]
        elif kind in (3, 4, 5):  # framing games: insert headers after the request line
            line_end = data.find(b"\r\n")
            if line_end >= 0:
                extra = b"".join(rng.choice(FRAMING_HEADERS) + b"\r\n" for _ in range(rng.randint(1, 3)))
                data[line_end + 2:line_end + 2] = extra
        elif kind == 6:  # huge header value or many headers
            line_end = max(0, data.find(b"\r\n"))
            if rng.random() < 0.5:
                extra = b"X-Big: " + b"a" * rng.choice([100, 8000, 17000, 40000]) + b"\r\n"
            else:
                extra = b"".join(b"X-%d: v\r\n" % i for i in range(rng.choice([50, 101, 500])))
            data[line_end + 2:line_end + 2] = extra
        elif kind == 7:  # long request target
            data = bytearray(b"GET /" + b"p" * rng.choice([100, 8100, 20000]) + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        elif kind == 8:  # bare LF / bare CR
            idx = data.find(b"\r\n", rng.randrange(max(1, len(data))))
            if idx >= 0:
                data[idx:idx + 2] = rng.choice([b"\n", b"\r", b"\r\r\n", b"\n\r"])
        elif kind == 9:  # obs-fold
            idx = data.find(b"\r\n")
            if idx >= 0:
                data[idx + 2:idx + 2] = b"X-Fold: a\r\n \tb\r\n"
        elif kind == 10:  # chunk size games
            data = bytearray(
                b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + rng.choice([b"fffffffffffffffffff\r\n", b"5 ;x\r\nhello\r\n0\r\n\r\n", b"5\r\nhelloXX",
                              b"-1\r\n", b"5;\x00\r\nhello\r\n0\r\n\r\n", b"0\r\n\r\n", b"2\r\nab\r\n0\r\nX\r\n\r\n",
                              b"100000\r\n" + b"z" * 64, b"5\nhello\n0\n\n"]))
        else:  # pure garbage
            data = bytearray(bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))))
    if rng.random() < 0.2:  # pipeline a valid request behind it
        data += rng.choice(BASE_REQUESTS)
    return bytes(data)


def parse_responses(stream: bytes):
    """Splits the bytes a server sent into responses; returns (statuses, error or None)."""
    statuses = []
    pos = 0
    while pos < len(stream):
        match = STATUS_LINE.match(stream, pos)
        if not match:
            return statuses, "invalid status line at byte %d: %r" % (pos, stream[pos:pos + 60])
        status = int(match.group(1))
        head_end = stream.find(b"\r\n\r\n", pos)
        if head_end < 0:
            return statuses, "unterminated head"
        head = stream[match.end():head_end + 2]
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1].strip())
        statuses.append(status)
        # Bodies of HEAD responses are absent; we only fuzz HEAD on the base request, so tolerate both.
        body_start = head_end + 4
        if status < 200 or status in (204, 304):
            length = 0
        if STATUS_LINE.match(stream, body_start) and length > 0:
            length = 0
        pos = body_start + length
    return statuses, None


def exchange(port: int, payload: bytes, rng: random.Random, read_timeout: float):
    sock = socket.create_connection((HOST, port), timeout=5)
    sock.settimeout(read_timeout)
    received = bytearray()
    try:
        if rng.random() < 0.3 and len(payload) > 1:  # split writes
            cuts = sorted(rng.sample(range(1, len(payload)), min(len(payload) - 1, rng.randint(1, 4))))
            last = 0
            for cut in cuts + [len(payload)]:
                sock.sendall(payload[last:cut])
                last = cut
                time.sleep(rng.choice([0, 0.001, 0.01]))
        else:
            sock.sendall(payload)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except (socket.timeout, TimeoutError):
        pass  # a keep-alive connection stays open: fine
    except (ConnectionResetError, BrokenPipeError):
        pass  # the server closed while we were still sending: fine, as long as what came back is valid
    finally:
        sock.close()
    return bytes(received)


def health(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=5) as sock:
            sock.settimeout(5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data.startswith(b"HTTP/1.1 200 ") and b"ok" in data.split(b"\r\n\r\n", 1)[-1]
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--server-bin", help="start this HTTPBenchServer on --port (and stop it afterwards)")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--time-limit", type=float, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--read-timeout", type=float, default=2.5)
    args = parser.parse_args()

    server = None
    if args.server_bin:
        env = dict(os.environ, OMNI_HTTP_REQUEST_TIMEOUT="1")
        server = subprocess.Popen([args.server_bin, "%s:%d" % (HOST, args.port)], env=env,
                                  stderr=subprocess.DEVNULL)
        for _ in range(100):
            if health(args.port):
                break
            time.sleep(0.1)
    failures = []
    statuses = collections.Counter()
    silent = 0
    done = 0
    lock = threading.Lock()
    started = time.monotonic()

    def run_case(index: int):
        nonlocal silent, done
        if time.monotonic() - started > args.time_limit:
            return
        rng = random.Random(args.seed * 1_000_003 + index)
        payload = mutate(rng)
        received = exchange(args.port, payload, rng, args.read_timeout)
        found, error = parse_responses(received)
        with lock:
            done += 1
            statuses.update(found)
            if not found:
                silent += 1
            if error:
                failures.append("case %d (seed %d): %s; request %r" % (index, args.seed, error, payload[:120]))
            if server is not None and server.poll() is not None:
                failures.append("server exited with %s during case %d" % (server.returncode, index))
        if index % 100 == 0 and not health(args.port):
            with lock:
                failures.append("health check failed after case %d" % index)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(run_case, range(args.cases)))
        if not health(args.port):
            failures.append("final health check failed")
        if server is not None and server.poll() is not None:
            failures.append("server is not running at the end")
    finally:
        rss = ""
        if server is not None:
            try:
                with open("/proc/%d/status" % server.pid) as status:
                    rss = next((line.split()[1] for line in status if line.startswith("VmRSS")), "")
            except OSError:
                pass
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                failures.append("server did not stop on SIGTERM")

    elapsed = time.monotonic() - started
    print("http_fuzz: seed %d, %d cases in %.1f s, %d without response (server waiting or closed silently)"
          % (args.seed, done, elapsed, silent))
    print("statuses: " + ", ".join("%d x%d" % (code, count) for code, count in sorted(statuses.items())))
    if rss:
        print("server RSS after fuzzing: %s kB" % rss)
    for failure in failures[:20]:
        print("FAIL " + failure)
    print("%d passed, %d failed" % (done - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
