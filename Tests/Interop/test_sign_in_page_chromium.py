"""Headless Chromium (selenium) signs in through the real sign-in page: types the phone and the OTP
from the SMS outbox, lands on the client's redirect URI with a code; a second client then gets a
code without seeing the page (single sign-on)."""
import http.server
import os
import threading
import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, free_port


class Callback(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"callback received")

    def log_message(self, *args):
        pass


@pytest.fixture
def callback_server():
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Callback)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield port
    httpd.shutdown()


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def authorize_url(server, client, redirect, state):
    return server.base + "/authorize?" + urllib.parse.urlencode({
        "response_type": "code", "client_id": client, "redirect_uri": redirect, "scope": "openid phone",
        "state": state, "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256"})


def test_phone_sign_in_through_the_page_then_single_sign_on(server, browser, callback_server):
    # web-shop's registered redirect is on port 3000; the app's loopback redirect accepts any port.
    redirect = "http://127.0.0.1:%d/callback" % callback_server
    browser.get(authorize_url(server, "mall-app", redirect, "first"))
    wait = WebDriverWait(browser, 15)
    phone = wait.until(conditions.element_to_be_clickable((By.ID, "phone")))
    assert "OmniShop App" in browser.page_source
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    os.makedirs(os.path.join(ROOT, "Docs", "screenshots"), exist_ok=True)
    phone.send_keys("13800000009")
    browser.find_element(By.ID, "send-code").click()
    code = wait.until(conditions.element_to_be_clickable((By.ID, "code")))
    code.send_keys(server.otp("+8613800000009"))
    browser.find_element(By.ID, "sign-in").click()
    wait.until(lambda driver: driver.current_url.startswith(redirect))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query["state"] == ["first"]
    assert query["iss"] == [server.base]
    assert len(query["code"][0]) >= 43

    # Same browser, another client: a code at once, no page. Nothing listens on web-shop's registered
    # port 3000 (Chromium would fail the navigation), so the callback server's port is used: the
    # registration is a loopback IP URI, for which RFC 8252 §7.3 accepts any port.
    second = "http://127.0.0.1:%d/callback" % callback_server
    browser.get(authorize_url(server, "web-shop", second, "second"))
    wait.until(lambda driver: driver.current_url.startswith(second))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query["state"] == ["second"] and query["iss"] == [server.base] and query["code"]


def test_wrong_code_shows_attempts_left_on_the_page(server, browser):
    browser.get(authorize_url(server, "mall-app", "http://127.0.0.1:5000/callback", "s"))
    wait = WebDriverWait(browser, 15)
    wait.until(conditions.element_to_be_clickable((By.ID, "phone"))).send_keys("13800000010")
    browser.find_element(By.ID, "send-code").click()
    real = server.otp("+8613800000010")
    wrong = "000000" if real != "000000" else "111111"
    wait.until(conditions.element_to_be_clickable((By.ID, "code"))).send_keys(wrong)
    browser.find_element(By.ID, "sign-in").click()
    wait.until(lambda driver: "4" in driver.find_element(By.ID, "status").text)
    assert browser.current_url.startswith(server.base + "/interaction/")
