"""authlib drives the authorization code flow as a web shop (client_secret_basic) and as a native
app (public client + PKCE); PyJWT's PyJWKClient validates the tokens against the running /jwks."""
import secrets
import urllib.parse

import jwt
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from conftest import WEB_SECRET


def discovery(server):
    document = requests.get(server.base + "/.well-known/openid-configuration").json()
    assert document["issuer"] == server.base
    metadata = requests.get(server.base + "/.well-known/oauth-authorization-server").json()  # RFC 8414
    assert metadata["issuer"] == server.base
    assert metadata["token_endpoint"] == document["token_endpoint"] == server.base + "/token"
    return document


def sign_in_with_phone(server, authorization_url, phone):
    """What the sign-in page does: follow /authorize to the interaction, send and verify the OTP."""
    browser = requests.Session()
    r = browser.get(authorization_url, allow_redirects=False)
    assert r.status_code in (302, 303), r.text
    interaction = urllib.parse.urljoin(server.base, r.headers["Location"])
    assert urllib.parse.urlparse(interaction).path.startswith("/interaction/")
    page = browser.get(interaction)
    assert page.status_code == 200 and "<html" in page.text
    r = browser.post(interaction + "/otp/send", json={"phone": phone})
    assert r.status_code == 204, r.text
    r = browser.post(interaction + "/otp/verify", json={"phone": phone, "code": server.otp("+86" + phone)})
    assert r.status_code == 200, r.text
    return r.json()["redirect_to"], browser


def validate(server, document, token, audience, typ):
    client = jwt.PyJWKClient(document["jwks_uri"])
    key = client.get_signing_key_from_jwt(token)
    assert jwt.get_unverified_header(token)["typ"] == typ
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=audience, issuer=server.base)


def test_web_shop_signs_in_with_client_secret_basic_and_pkce(server):
    document = discovery(server)
    assert document["code_challenge_methods_supported"] == ["S256"]
    session = OAuth2Session("web-shop", WEB_SECRET, scope="openid phone offline_access",
                            redirect_uri="http://127.0.0.1:3000/callback",
                            token_endpoint_auth_method="client_secret_basic", code_challenge_method="S256")
    verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    url, state = session.create_authorization_url(document["authorization_endpoint"], code_verifier=verifier,
                                                  nonce=nonce)
    redirect_to, _ = sign_in_with_phone(server, url, "13800000001")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(redirect_to).query)
    assert redirect_to.startswith("http://127.0.0.1:3000/callback?")
    assert query["state"] == [state]
    assert query["iss"] == [server.base]  # RFC 9207
    token = session.fetch_token(document["token_endpoint"], authorization_response=redirect_to,
                                code_verifier=verifier)
    assert token["token_type"].lower() == "bearer"
    assert token["scope"].split() == ["openid", "phone", "offline_access"]
    assert token["refresh_token"]

    access = validate(server, document, token["access_token"], "omnishop-api", "at+jwt")
    assert access["client_id"] == "web-shop"
    assert access["channel"] == "web"
    assert access["amr"] == ["sms", "otp"]
    assert access["sub"].startswith("m_")
    identity = validate(server, document, token["id_token"], "web-shop", "JWT")
    assert identity["sub"] == access["sub"]
    assert identity["nonce"] == nonce
    assert identity["phone_number"] == "+8613800000001"
    assert identity["phone_number_verified"] is True
    assert identity["amr"] == ["sms", "otp"]

    userinfo = session.get(document["userinfo_endpoint"]).json()
    assert userinfo == {"sub": access["sub"], "phone_number": "+8613800000001", "phone_number_verified": True}

    refreshed = session.refresh_token(document["token_endpoint"], refresh_token=token["refresh_token"])
    assert refreshed["refresh_token"] != token["refresh_token"]
    assert validate(server, document, refreshed["access_token"], "omnishop-api", "at+jwt")["sub"] == access["sub"]


def test_native_app_signs_in_as_public_client_on_a_loopback_port(server):
    document = discovery(server)
    # RFC 8252 §7.3: the app listens on whatever port it got; the registered URI has none.
    redirect = "http://127.0.0.1:49152/callback"
    session = OAuth2Session("mall-app", scope="openid offline_access", redirect_uri=redirect,
                            token_endpoint_auth_method="none", code_challenge_method="S256")
    verifier = secrets.token_urlsafe(48)
    url, state = session.create_authorization_url(document["authorization_endpoint"], code_verifier=verifier)
    redirect_to, _ = sign_in_with_phone(server, url, "13800000002")
    assert redirect_to.startswith(redirect + "?")
    token = session.fetch_token(document["token_endpoint"], authorization_response=redirect_to,
                                code_verifier=verifier)
    access = validate(server, document, token["access_token"], "omnishop-api", "at+jwt")
    assert access["client_id"] == "mall-app"
    assert access["channel"] == "app"
    assert "phone_number" not in validate(server, document, token["id_token"], "mall-app", "JWT")


def test_public_client_without_pkce_is_refused_with_iss_in_the_redirect(server):
    document = discovery(server)
    r = requests.get(document["authorization_endpoint"], params={
        "response_type": "code", "client_id": "mall-app", "redirect_uri": "http://127.0.0.1/callback",
        "scope": "openid", "state": "xyz"}, allow_redirects=False)
    assert r.status_code in (302, 303)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(r.headers["Location"]).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["xyz"]
    assert query["iss"] == [server.base]


def test_service_token_validates_with_pyjwkclient_and_introspects(server):
    document = discovery(server)
    r = requests.post(document["token_endpoint"], data={"grant_type": "client_credentials", "scope": "orders"},
                      auth=("order-service", "order-service-secret-for-tests"))
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store"
    token = r.json()
    assert "refresh_token" not in token and "id_token" not in token
    claims = validate(server, document, token["access_token"], "omnishop-api", "at+jwt")
    assert claims["sub"] == "order-service" and claims["channel"] == "service" and claims["scope"] == "orders"
    r = requests.post(document["introspection_endpoint"], data={"token": token["access_token"]},
                      auth=("order-service", "order-service-secret-for-tests"))
    assert r.json()["active"] is True
    assert r.json()["client_id"] == "order-service"
