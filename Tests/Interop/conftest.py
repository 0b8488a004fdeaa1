"""Fixtures that start the real `omniid` binary on a free loopback port with a temporary
configuration, database and keys, for clients nobody here wrote (authlib, PyJWT, Chromium)."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# authlib 1.9 sends Basic credentials without the form-encoding RFC 6749 §2.3.1 asks for; a secret of
# unreserved characters is the same either way (encoded secrets are covered by the Swift tests).
WEB_SECRET = "web-shop-secret.for_interop-tests"


def binary():
    path = subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip()
    exe = os.path.join(path, "omniid")
    assert os.access(exe, os.X_OK), "build omniid first (swift build)"
    return exe


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, directory, port, process):
        self.directory = directory
        self.port = port
        self.process = process
        self.base = "http://127.0.0.1:%d" % port
        self.outbox = os.path.join(directory, "sms-outbox.jsonl")

    def otp(self, phone):
        """The code of the latest SMS sent to `phone`, read from the outbox sender's file."""
        for _ in range(100):
            if os.path.exists(self.outbox):
                with open(self.outbox) as f:
                    codes = [m["code"] for m in map(json.loads, f) if m["to"] == phone]
                if codes:
                    return codes[-1]
            time.sleep(0.05)
        raise AssertionError("no SMS to %s" % phone)

    def log(self):
        with open(os.path.join(self.directory, "stderr.log")) as f:
            return f.read()


def config(port, extra_clients=()):
    return {
        "issuer": "http://127.0.0.1:%d" % port,
        "listen": "127.0.0.1:%d" % port,
        "database": "omniid.sqlite",
        "keys_dir": "keys",
        "sms": {"sender": "outbox", "outbox_path": "sms-outbox.jsonl"},
        "clients": [
            {"client_id": "web-shop", "name": "OmniShop Web", "channel": "web", "type": "confidential",
             "secret": WEB_SECRET, "redirect_uris": ["http://127.0.0.1:3000/callback"],
             "grant_types": ["authorization_code", "refresh_token"],
             "scopes": ["openid", "phone", "offline_access"]},
            {"client_id": "mall-app", "name": "OmniShop App", "channel": "app", "type": "public",
             "redirect_uris": ["com.omnishop.mall:/oauth2redirect", "http://127.0.0.1/callback"],
             "grant_types": ["authorization_code", "refresh_token"],
             "scopes": ["openid", "phone", "offline_access"]},
            {"client_id": "order-service", "name": "Order Service", "channel": "service",
             "type": "confidential", "secret": "order-service-secret-for-tests",
             "grant_types": ["client_credentials"], "scopes": ["introspect", "orders"]},
        ] + list(extra_clients),
    }


def start_server(**overrides):
    """Starts omniid with the test configuration, `overrides` replacing top-level keys."""
    directory = tempfile.mkdtemp(prefix="omniid-interop-")
    port = free_port()
    settings = config(port)
    settings.update(overrides)
    with open(os.path.join(directory, "omniid.json"), "w") as f:
        json.dump(settings, f)
    stderr = open(os.path.join(directory, "stderr.log"), "w")
    process = subprocess.Popen([binary(), "serve", "--config", os.path.join(directory, "omniid.json")],
                               stdout=subprocess.DEVNULL, stderr=stderr, stdin=subprocess.DEVNULL)
    stderr.close()
    running = Server(directory, port, process)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if requests.get(running.base + "/healthz", timeout=1).status_code == 200:
                return running
        except requests.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("omniid did not start: " + running.log())


def stop_server(running):
    running.process.send_signal(signal.SIGTERM)
    assert running.process.wait(timeout=10) == 0


@pytest.fixture
def server():
    running = start_server()
    yield running
    stop_server(running)
