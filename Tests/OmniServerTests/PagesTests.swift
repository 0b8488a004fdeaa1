import OmniID
import XCTest

@testable import OmniServer

final class PagesTests: XCTestCase {
    private let nonce = CSPNonce("dGVzdG5vbmNldGVzdG5vbmNl")!

    private func page(
        uid: String = "uid-123",
        clientName: String = "OmniShop Web",
        scopes: [String] = ["openid", "phone", "offline_access"],
        phone: String? = nil,
        language: PageLanguage = .zhHans
    ) -> SignInPage {
        SignInPage(uid: uid, clientName: clientName, scopes: scopes, phone: phone, language: language, nonce: nonce)
    }

    /// The text between `<tag ...>` and `</tag>` for the first such element.
    private func contents(of tag: String, in html: String) -> String? {
        guard let open = html.range(of: "<\(tag) "), let start = html[open.upperBound...].range(of: ">"),
            let end = html[start.upperBound...].range(of: "</\(tag)>")
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    // MARK: Escaping

    func testEscapingCoversTextAndBothAttributeQuotes() {
        XCTAssertEqual(HTML.escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HTML.escape("a\u{0}b\u{1B}c\nd"), "a\u{FFFD}b\u{FFFD}c\nd")
        XCTAssertEqual(HTML.escape("登录 OmniShop"), "登录 OmniShop")
    }

    func testHostileClientNameAppearsOnlyEscaped() {
        let hostile = "<script>alert(1)</script>&\"'"
        let html = page(clientName: hostile).render()
        XCTAssertFalse(html.contains(hostile))
        XCTAssertFalse(html.contains("<script>alert(1)"))
        XCTAssertFalse(html.contains("alert(1)</script>"))
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
        XCTAssertTrue(html.contains("<h1>\(escaped)</h1>"))
        XCTAssertTrue(html.contains("<strong>\(escaped)</strong>"))
        XCTAssertTrue(html.contains("<title>登录 · \(escaped)</title>"))
        // Exactly one script element: the page's own.
        XCTAssertEqual(html.components(separatedBy: "<script").count, 2)
    }

    func testUidWithQuotesIsEscapedInItsDataAttributeAndNeverInScript() {
        let uid = "a\"b'c<d>&e"
        let html = page(uid: uid).render()
        XCTAssertTrue(html.contains(#"data-uid="a&quot;b&#39;c&lt;d&gt;&amp;e""#))
        XCTAssertFalse(html.contains(uid))
        let script = contents(of: "script", in: html) ?? ""
        XCTAssertEqual(script, SignInPage.script, "no value is interpolated into the script")
        XCTAssertTrue(script.contains("encodeURIComponent(root.getAttribute('data-uid')"))
    }

    func testPrefilledPhoneFromLoginHintIsEscapedIntoTheValue() {
        let html = page(phone: "+86138\"><img src=x>").render()
        XCTAssertTrue(html.contains(#"value="+86138&quot;&gt;&lt;img src=x&gt;""#))
        XCTAssertFalse(html.contains("<img src=x>"))
        let empty = page(phone: nil).render()
        XCTAssertTrue(empty.contains(#"value="""#))
    }

    func testUnknownScopesAreShownVerbatimButEscaped() {
        let html = page(scopes: ["openid", "<b>orders:read</b>"], language: .en).render()
        XCTAssertTrue(html.contains("<li>&lt;b&gt;orders:read&lt;/b&gt;</li>"))
        XCTAssertFalse(html.contains("<b>orders:read</b>"))
    }

    // MARK: Language

    func testAcceptLanguageNegotiation() {
        let table: [(String?, PageLanguage)] = [
            ("en-US,en;q=0.9", .en),
            ("zh-CN,zh;q=0.9,en;q=0.8", .zhHans),
            ("en;q=0.1, zh;q=0.5", .zhHans),
            ("fr", .zhHans),
            (nil, .zhHans),
            ("", .zhHans),
            ("en;q=abc", .zhHans),
            ("en;q=abc, fr", .zhHans),
            ("en;q=1.5, zh;q=0.2", .zhHans),
            ("en;q=0.5;x=1, zh;q=0.2", .zhHans),
            ("de, en-GB;q=0.7", .en),
            ("zh-Hans-CN", .zhHans),
            ("zh-SG", .zhHans),
            ("ZH-cn", .zhHans),
            ("zh-TW, en;q=0.8", .en),
            ("zh;q=0, en;q=0.1", .en),
            ("zh;q=0", .en),
            ("en;q=0", .zhHans),
            ("fr, *;q=0.5", .zhHans),
            ("*, en;q=0.5", .zhHans),
            ("en;q=0.999, zh;q=1.000", .zhHans),
            ("en;Q=0.9, fr", .en),
            (" , ;;, en", .en),
            ("en;q=0.80001, zh;q=0.1", .zhHans),
            ("en-US-x-twain, zh;q=0.9", .en),
            ("123, en", .en),
        ]
        for (header, expected) in table {
            XCTAssertEqual(PageLanguage.negotiate(acceptLanguage: header), expected, "\(header ?? "nil")")
        }
    }

    func testNegotiationSurvivesHostileHeaders() {
        let long = String(repeating: "x-", count: 10_000) + "en"
        XCTAssertEqual(PageLanguage.negotiate(acceptLanguage: long), .zhHans)
        XCTAssertEqual(PageLanguage.negotiate(acceptLanguage: String(repeating: ",", count: 10_000)), .zhHans)
        XCTAssertEqual(PageLanguage.negotiate(acceptLanguage: "en;q=\u{0}\u{FFFF}"), .zhHans)
    }

    func testHtmlLangFollowsTheLanguage() {
        XCTAssertTrue(page(language: .zhHans).render().contains(#"<html lang="zh-CN">"#))
        XCTAssertTrue(page(language: .en).render().contains(#"<html lang="en">"#))
        XCTAssertTrue(page(language: .zhHans).render().contains("获取验证码"))
        XCTAssertTrue(page(language: .en).render().contains(">Send code</button>"))
    }

    // MARK: Scopes

    func testScopeDescriptionsInBothLanguages() {
        XCTAssertEqual(
            page(scopes: ["openid", "phone", "offline_access", "openid"], language: .en).scopeDescriptions,
            ["your member ID", "your phone number", "stay signed in"]
        )
        XCTAssertEqual(
            page(scopes: ["openid", "phone", "offline_access"], language: .zhHans).scopeDescriptions,
            ["你的会员 ID", "你的手机号", "保持登录状态"]
        )
        let en = page(scopes: ["phone", "offline_access"], language: .en).render()
        XCTAssertTrue(en.contains("<strong>OmniShop Web</strong> would like:"))
        XCTAssertTrue(en.contains("<li>your phone number</li><li>stay signed in</li>"))
        let zh = page(scopes: ["phone", "offline_access"], language: .zhHans).render()
        XCTAssertTrue(zh.contains("<strong>OmniShop Web</strong> 将获得："))
        XCTAssertTrue(zh.contains("<li>你的手机号</li><li>保持登录状态</li>"))
        XCTAssertFalse(page(scopes: []).render().contains("scope-intro"))
    }

    // MARK: Security

    func testNonceIsOnStyleAndScriptAndInThePolicy() {
        let html = page().render()
        XCTAssertTrue(html.contains(#"<style nonce="dGVzdG5vbmNldGVzdG5vbmNl">"#))
        XCTAssertTrue(html.contains(#"<script nonce="dGVzdG5vbmNldGVzdG5vbmNl">"#))
        XCTAssertEqual(html.components(separatedBy: "<style").count, 2)
        XCTAssertEqual(html.components(separatedBy: "<script").count, 2)
        let headers = Dictionary(SignInPage.headers(nonce: nonce), uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(
            headers["Content-Security-Policy"],
            "default-src 'none'; script-src 'nonce-dGVzdG5vbmNldGVzdG5vbmNl'; "
                + "style-src 'nonce-dGVzdG5vbmNldGVzdG5vbmNl'; img-src data:; connect-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        XCTAssertEqual(headers["X-Frame-Options"], "DENY")
        XCTAssertEqual(headers["Referrer-Policy"], "no-referrer")
        XCTAssertEqual(headers["X-Content-Type-Options"], "nosniff")
        XCTAssertEqual(headers["Cache-Control"], "no-store")
        XCTAssertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        XCTAssertEqual(SignInPage.headers(nonce: nonce).count, 6)
    }

    func testNoncesAcceptOnlyTheBase64Alphabet() throws {
        XCTAssertNil(CSPNonce("short"))
        XCTAssertNil(CSPNonce("abcdefghijklmnop'; script-src *"))
        XCTAssertNil(CSPNonce("abcdefghijklmnop\r\nSet-Cookie: a=b"))
        XCTAssertNil(CSPNonce("abcdefghijklmnop==="))
        XCTAssertNil(CSPNonce("abcdefghij=klmnop"))
        XCTAssertNotNil(CSPNonce("abcdefghijklmnop+/-_=="))
        let first = try CSPNonce.random()
        let second = try CSPNonce.random()
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(first.value.utf8.count, 22)
        XCTAssertEqual(CSPNonce(first.value), first)
    }

    func testPageLoadsNothingFromAnywhere() {
        for language in PageLanguage.allCases {
            let html = page(language: language).render()
            let lower = html.lowercased()
            XCTAssertFalse(lower.contains("http:"), "no http URL")
            XCTAssertFalse(lower.contains("https:"), "no https URL")
            XCTAssertFalse(lower.contains("//cdn"))
            XCTAssertFalse(lower.contains("@import"))
            XCTAssertFalse(contents(of: "style", in: html)?.contains("url(") ?? true, "no CSS url()")
            // Every src/href is a data: URL; the QR image gets its src from the script.
            for attribute in ["src=\"", "href=\""] {
                var rest = Substring(lower)
                while let hit = rest.range(of: " " + attribute) {
                    XCTAssertTrue(rest[hit.upperBound...].hasPrefix("data:"), "\(attribute) outside data:")
                    rest = rest[hit.upperBound...]
                }
            }
            XCTAssertFalse(lower.contains("<link rel=\"stylesheet\""))
            XCTAssertFalse(html.contains("<script src"))
        }
    }

    // MARK: Structure and accessibility

    func testRequiredElementIdsArePresentOnce() {
        let html = page().render()
        for id in ["phone", "send-code", "code", "sign-in", "status", "tab-phone", "tab-qr", "qr-image", "qr-status"] {
            XCTAssertEqual(html.components(separatedBy: "id=\"\(id)\"").count, 2, "#\(id) exactly once")
        }
    }

    func testLabelsReferenceInputsAndInputsCarryTheRightHints() {
        let html = page().render()
        XCTAssertTrue(html.contains(#"<label for="phone">手机号</label>"#))
        XCTAssertTrue(html.contains(#"<label for="code">验证码</label>"#))
        XCTAssertTrue(html.contains(#"id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel""#))
        XCTAssertTrue(
            html.contains(#"id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" "#)
        )
        XCTAssertTrue(html.contains(#"maxlength="6""#))
        XCTAssertTrue(html.contains(#"<p id="status" class="status" role="status" aria-live="polite"></p>"#))
        XCTAssertTrue(html.contains(#"<p id="qr-status" class="status" role="status" aria-live="polite"></p>"#))
        XCTAssertTrue(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1"#))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang="))
        XCTAssertTrue(html.hasSuffix("</html>\n"))
        // The QR tab stays hidden until the server has handed out a QR code.
        XCTAssertTrue(html.contains(#"<div class="tabs" role="tablist" id="tabs" hidden>"#))
        XCTAssertTrue(PageStyle.css.contains(":focus-visible"))
    }

    func testScriptMessagesTravelAsDataAttributes() {
        let html = page(language: .en).render()
        XCTAssertTrue(html.contains(#"data-msg-invalid-otp="That code is incorrect. {attempts} attempts left.""#))
        XCTAssertTrue(html.contains(#"data-msg-slow-down="Too many attempts. Try again in {seconds} seconds.""#))
        let zh = page(language: .zhHans).render()
        XCTAssertTrue(zh.contains(#"data-msg-code-sent="验证码已发送至 {phone}""#))
        // Every message the script asks for exists as an attribute.
        let script = SignInPage.script
        var rest = Substring(script)
        var keys: Set<String> = []
        while let hit = rest.range(of: "t('") {
            let tail = rest[hit.upperBound...]
            let standalone = hit.lowerBound == rest.startIndex || !rest[rest.index(before: hit.lowerBound)].isLetter
            if standalone, let end = tail.firstIndex(of: "'") { keys.insert(String(tail[..<end])) }
            rest = tail
        }
        XCTAssertGreaterThan(keys.count, 15)
        for key in keys {
            XCTAssertTrue(zh.contains(" data-msg-\(key)=\""), "missing data-msg-\(key)")
        }
        for key in ["qr-expired", "qr-denied"] { XCTAssertTrue(zh.contains(" data-msg-\(key)=\"")) }
    }

    func testScriptCallsTheInteractionEndpoints() {
        let script = SignInPage.script
        for fragment in [
            "'/otp/send'", "'/otp/verify'", "call('POST', '/qr')", "call('GET', '/qr')", "window.location.assign",
            "'Retry-After'", "attempts_left", "redirect_to", "'data:image/svg+xml;base64,'", "'interaction_expired'",
            "'interaction_not_found'", "'otp_expired'", "'invalid_phone'", "'slow_down'",
        ] {
            XCTAssertTrue(script.contains(fragment), fragment)
        }
        XCTAssertFalse(script.contains("innerHTML"))
        XCTAssertFalse(script.contains("eval("))
    }

    // MARK: Error page

    func testErrorPageEscapesTheErrorAndSpeaksBothLanguages() {
        let page = ErrorPage(
            status: 400,
            error: "invalid_request",
            description: "redirect_uri <b>\"x\"</b> is not registered",
            language: .en,
            nonce: nonce
        )
        let html = page.render()
        XCTAssertTrue(html.contains(#"<html lang="en">"#))
        XCTAssertTrue(html.contains(#"<dd id="error-code">invalid_request</dd>"#))
        XCTAssertTrue(html.contains("redirect_uri &lt;b&gt;&quot;x&quot;&lt;/b&gt; is not registered"))
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertTrue(html.contains("We can’t continue signing you in"))
        XCTAssertTrue(html.contains(#"<style nonce="dGVzdG5vbmNldGVzdG5vbmNl">"#))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.lowercased().contains("http:"))
        XCTAssertEqual(page.status, 400)

        let zh = ErrorPage(
            OAuthError(.invalidClient, "unknown client"),
            status: 401,
            language: .zhHans,
            nonce: nonce
        )
        let zhHTML = zh.render()
        XCTAssertTrue(zhHTML.contains(#"<html lang="zh-CN">"#))
        XCTAssertTrue(zhHTML.contains("无法继续登录"))
        XCTAssertTrue(zhHTML.contains(#"<dd id="error-code">invalid_client</dd>"#))
        XCTAssertTrue(zhHTML.contains(#"<dd id="error-description">unknown client</dd>"#))
        XCTAssertEqual(zh.status, 401)
        XCTAssertEqual(
            ErrorPage.headers(nonce: nonce).map(\.0),
            SignInPage.headers(nonce: nonce).map(\.0)
        )
        let bare = ErrorPage(status: 400, error: "invalid_request", description: nil, language: .en, nonce: nonce)
        XCTAssertFalse(bare.render().contains("error-description"))
    }
}
