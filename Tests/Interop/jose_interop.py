#!/usr/bin/env python3
"""JOSE interop between OmniJWT and clients nobody here wrote (PyJWT, joserfc).

  verify   --jwks FILE | --jwks-url URL  --token FILE --issuer ISS --audience AUD
           Verifies our RS256 access token with PyJWT (PyJWK / PyJWKClient, algorithms=["RS256"])
           and with joserfc. Prints a JSON report; exits 0 only if both accept it.
  generate --out DIR --issuer ISS --audience AUD
           Makes an RSA key and writes DIR/jwk.json (public JWK with kid) plus tokens:
           pyjwt.jwt and joserfc.jwt (good RS256 at+jwt), hs256_public_key.jwt (HS256 keyed with
           the public key's PEM: key confusion) and alg_none.jwt (unsecured).

Needs: pip install pyjwt joserfc cryptography
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def verify(args) -> int:
    import jwt
    from joserfc import jwt as jose_jwt
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    token = open(args.token).read().strip()
    report = {}
    options = {"require": ["exp", "iat", "iss", "aud", "sub", "jti"]}

    try:
        header = jwt.get_unverified_header(token)
        if header.get("typ", "").lower() not in ("at+jwt", "application/at+jwt"):
            raise ValueError("typ is %r" % header.get("typ"))
        if args.jwks_url:
            key = jwt.PyJWKClient(args.jwks_url).get_signing_key_from_jwt(token).key
        else:
            jwks = json.load(open(args.jwks))
            matching = [k for k in jwks["keys"] if k.get("kid") == header.get("kid")]
            if len(matching) != 1:
                raise ValueError("kid %r not in JWKS" % header.get("kid"))
            key = jwt.PyJWK(matching[0]).key
        claims = jwt.decode(token, key, algorithms=["RS256"], audience=args.audience, issuer=args.issuer,
                            options=options)
        report["pyjwt"] = {"ok": True, "sub": claims["sub"], "client_id": claims.get("client_id")}
    except Exception as error:  # report every failure, do not stop at the first
        report["pyjwt"] = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}

    try:
        if args.jwks_url:
            import urllib.request
            jwks = json.load(urllib.request.urlopen(args.jwks_url, timeout=10))
        else:
            jwks = json.load(open(args.jwks))
        key_set = KeySet.import_key_set(jwks)
        decoded = jose_jwt.decode(token, key_set, algorithms=["RS256"])
        if decoded.header.get("typ", "").lower() not in ("at+jwt", "application/at+jwt"):
            raise ValueError("typ is %r" % decoded.header.get("typ"))
        registry = jose_jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": args.issuer},
            aud={"essential": True, "value": args.audience},
            exp={"essential": True}, sub={"essential": True}, jti={"essential": True})
        registry.validate(decoded.claims)
        report["joserfc"] = {"ok": True, "sub": decoded.claims["sub"]}
    except Exception as error:
        report["joserfc"] = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}

    print(json.dumps(report))
    return 0 if all(entry["ok"] for entry in report.values()) else 1


def generate(args) -> int:
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from joserfc import jwt as jose_jwt
    from joserfc.jwk import RSAKey

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    jose_key = RSAKey.import_key(private_pem)
    kid = jose_key.thumbprint()
    public_jwk = dict(jose_key.as_dict(private=False), kid=kid, use="sig", alg="RS256")

    now = int(time.time())
    claims = {"iss": args.issuer, "sub": "member-py", "aud": args.audience, "exp": now + 600, "iat": now,
              "jti": "py-" + str(now), "client_id": "python-client", "scope": "openid"}
    header = {"typ": "at+jwt", "kid": kid}

    os.makedirs(args.out, exist_ok=True)

    def write(name, content):
        with open(os.path.join(args.out, name), "w") as handle:
            handle.write(content)

    write("jwk.json", json.dumps(public_jwk))
    write("pyjwt.jwt", jwt.encode(claims, private_pem, algorithm="RS256", headers=header))
    write("joserfc.jwt", jose_jwt.encode(dict(header, alg="RS256"), claims, jose_key, algorithms=["RS256"]))

    # Key confusion: an HS256 token whose HMAC key is the public key's PEM. PyJWT refuses to make
    # one (it rejects PEM keys for HMAC), so it is assembled by hand, as an attacker would.
    signing_input = b64url(json.dumps(dict(header, alg="HS256")).encode()) + "." + b64url(json.dumps(claims).encode())
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    write("hs256_public_key.jwt", signing_input + "." + b64url(mac))
    unsecured = b64url(json.dumps(dict(header, alg="none")).encode()) + "." + b64url(json.dumps(claims).encode()) + "."
    write("alg_none.jwt", unsecured)
    print(json.dumps({"kid": kid, "out": args.out}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify")
    source = check.add_mutually_exclusive_group(required=True)
    source.add_argument("--jwks")
    source.add_argument("--jwks-url")
    check.add_argument("--token", required=True)
    check.add_argument("--issuer", required=True)
    check.add_argument("--audience", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--out", required=True)
    make.add_argument("--issuer", required=True)
    make.add_argument("--audience", required=True)
    args = parser.parse_args()
    return verify(args) if args.command == "verify" else generate(args)


if __name__ == "__main__":
    sys.exit(main())
