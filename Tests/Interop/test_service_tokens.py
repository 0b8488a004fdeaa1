"""Tokens from the running server, validated by clients nobody here wrote: PyJWT's PyJWKClient
(fetching the live /jwks found through discovery) and joserfc."""
import json

import jwt
import requests
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet

SERVICE = ("order-service", "order-service-secret-for-tests")


def service_token(server, scope="orders"):
    r = requests.post(server.base + "/token", data={"grant_type": "client_credentials", "scope": scope},
                      auth=SERVICE)
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store"
    return r.json()


def test_discovery_lists_every_endpoint_under_the_issuer(server):
    document = requests.get(server.base + "/.well-known/openid-configuration").json()
    assert document["issuer"] == server.base
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "revocation_endpoint", "introspection_endpoint"):
        assert document[key].startswith(server.base + "/"), key
    assert document["response_types_supported"] == ["code"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"client_secret_basic", "client_secret_post"} <= set(document["token_endpoint_auth_methods_supported"])
    assert document["authorization_response_iss_parameter_supported"] is True


def test_pyjwkclient_validates_a_service_token_from_the_live_jwks(server):
    token = service_token(server)
    assert token["token_type"].lower() == "bearer"
    assert "refresh_token" not in token and "id_token" not in token
    jwks_uri = requests.get(server.base + "/.well-known/openid-configuration").json()["jwks_uri"]
    key = jwt.PyJWKClient(jwks_uri).get_signing_key_from_jwt(token["access_token"])
    claims = jwt.decode(token["access_token"], key.key, algorithms=["RS256"], audience="omnishop-api",
                        issuer=server.base)
    assert jwt.get_unverified_header(token["access_token"])["typ"] == "at+jwt"
    assert claims["sub"] == "order-service"
    assert claims["client_id"] == "order-service"
    assert claims["channel"] == "service"
    assert claims["scope"] == "orders"
    assert claims["exp"] - claims["iat"] == 600
    assert len(claims["jti"]) >= 16


def test_joserfc_validates_the_same_token(server):
    token = service_token(server)["access_token"]
    keys = KeySet.import_key_set(requests.get(server.base + "/jwks").json())
    decoded = jose_jwt.decode(token, keys, algorithms=["RS256"])
    assert decoded.header["typ"] == "at+jwt"
    assert decoded.claims["iss"] == server.base


def test_introspection_and_revocation_of_a_service_token(server):
    access = service_token(server, scope="orders introspect")["access_token"]
    r = requests.post(server.base + "/introspect", data={"token": access}, auth=SERVICE)
    assert r.status_code == 200
    body = r.json()
    assert body["active"] is True and body["client_id"] == "order-service" and body["scope"] == "orders introspect"
    assert requests.post(server.base + "/revoke", data={"token": access}, auth=SERVICE).status_code == 200
    assert requests.post(server.base + "/introspect", data={"token": access}, auth=SERVICE).json() == {"active": False}


def test_wrong_secret_is_401_with_www_authenticate(server):
    r = requests.post(server.base + "/token", data={"grant_type": "client_credentials"},
                      auth=("order-service", "wrong-secret-value"))
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"
    assert r.headers["WWW-Authenticate"].startswith("Basic")
