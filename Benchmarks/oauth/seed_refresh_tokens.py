#!/usr/bin/env python3
"""Signs in COUNT members through the real phone-OTP flow (authorize → interaction → OTP from the SMS
outbox → code → token) and prints one refresh token per line. Loopback only."""
import base64, hashlib, json, os, secrets, sys, time, urllib.parse
import requests

base, outbox, count, client, redirect = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
scope = sys.argv[6] if len(sys.argv) > 6 else "openid phone offline_access"
assert base.startswith("http://127.0.0.1:"), "benchmarks only target loopback"

def otp_for(phone):
    """The code of the latest SMS to `phone` in the outbox (each phone is used once)."""
    for _ in range(100):
        codes = []
        if os.path.exists(outbox):
            with open(outbox) as f:
                codes = [m["code"] for m in map(json.loads, f) if m["to"] == phone]
        if codes:
            return codes[-1]
        time.sleep(0.05)
    raise SystemExit("no OTP for %s" % phone)

for i in range(count):
    s = requests.Session()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    r = s.get(base + "/authorize", params={
        "response_type": "code", "client_id": client, "redirect_uri": redirect,
        "scope": scope, "state": "s%d" % i,
        "code_challenge": challenge, "code_challenge_method": "S256"}, allow_redirects=False)
    assert r.status_code in (302, 303), r.text
    uid = r.headers["Location"].rstrip("/").split("/")[-1]
    phone = "+86139%08d" % (i + int(os.getenv("BENCH_PHONE_OFFSET", "0")))
    r = s.post(base + "/interaction/%s/otp/send" % uid, json={"phone": phone})
    assert r.status_code == 204, r.text
    code = otp_for(phone)
    r = s.post(base + "/interaction/%s/otp/verify" % uid, json={"phone": phone, "code": code})
    assert r.status_code == 200, r.text
    query = urllib.parse.parse_qs(urllib.parse.urlparse(r.json()["redirect_to"]).query)
    r = requests.post(base + "/token", data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": redirect,
        "client_id": client, "code_verifier": verifier})
    assert r.status_code == 200, r.text
    print(r.json()["refresh_token"])
