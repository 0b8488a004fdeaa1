"""A bounded, seeded run of the raw-socket HTTP fuzzer (Tests/Fuzz/http_fuzz.py) against the real
omniid binary: the server must never crash, every byte it sends must parse as HTTP/1.1 responses,
and /healthz must keep answering 200."""
import os
import subprocess
import sys

from conftest import ROOT, start_server, stop_server


def test_fuzzed_requests_never_break_the_server():
    server = start_server(http={"request_timeout": 1})
    try:
        result = subprocess.run(
            [sys.executable, os.path.join(ROOT, "Tests", "Fuzz", "http_fuzz.py"), "--port", str(server.port),
             "--cases", "1500", "--time-limit", "90", "--seed", "11", "--read-timeout", "2"],
            capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        assert "1500 passed, 0 failed" in result.stdout, result.stdout[-2000:]
        assert server.process.poll() is None
    finally:
        stop_server(server)
