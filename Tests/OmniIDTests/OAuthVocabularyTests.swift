import OmniID
import XCTest

final class OAuthVocabularyTests: XCTestCase {
    func testExactRedirectMatchingWithTheLoopbackPortException() {
        let registered = ["https://shop.example/cb", "http://127.0.0.1/callback", "http://[::1]:8000/cb?x=1"]
        XCTAssertEqual(
            RedirectURIMatcher.match("https://shop.example/cb", registered: registered),
            "https://shop.example/cb"
        )
        // RFC 9700 §4.1.3: no prefix, case or trailing-slash leniency.
        XCTAssertNil(RedirectURIMatcher.match("https://shop.example/cb/", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("https://shop.example/cb?next=1", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("https://SHOP.example/cb", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("https://shop.example:443/cb", registered: registered))
        // RFC 8252 §7.3: any port on a registered loopback IP.
        XCTAssertEqual(
            RedirectURIMatcher.match("http://127.0.0.1:51004/callback", registered: registered),
            "http://127.0.0.1/callback"
        )
        XCTAssertEqual(
            RedirectURIMatcher.match("http://[::1]:1234/cb?x=1", registered: registered),
            "http://[::1]:8000/cb?x=1"
        )
        XCTAssertNil(RedirectURIMatcher.match("http://127.0.0.1:51004/other", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("http://127.0.0.1:99999/callback", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("http://127.0.0.1.evil.example/callback", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("http://127.0.0.1:80@evil.example/callback", registered: registered))
        XCTAssertNil(RedirectURIMatcher.match("http://localhost:5000/callback", registered: registered))
    }

    func testScopeParsing() throws {
        XCTAssertEqual(try ScopeSet.parse("openid phone openid").tokens, ["openid", "phone"])
        XCTAssertEqual(try ScopeSet.parse("openid phone"), try ScopeSet.parse("phone openid"))
        XCTAssertEqual(try ScopeSet.parse("admin:members").description, "admin:members")
        for bad in ["", "openid  phone", " openid", "open\"id", "a\\b", "é"] {
            XCTAssertThrowsError(try ScopeSet.parse(bad), bad) { error in
                XCTAssertEqual((error as? OAuthError)?.code, .invalidScope)
            }
        }
        XCTAssertTrue(try ScopeSet.parse("openid").isSubset(of: ScopeSet(["openid", "phone"])))
        XCTAssertFalse(try ScopeSet.parse("openid admin").isSubset(of: ScopeSet(["openid", "phone"])))
    }

    func testPhoneNumbersNormaliseToE164() throws {
        XCTAssertEqual(try PhoneNumber.normalize("13800000000"), "+8613800000000")
        XCTAssertEqual(try PhoneNumber.normalize("138 0000 0000"), "+8613800000000")
        XCTAssertEqual(try PhoneNumber.normalize("+86 138-0000-0000"), "+8613800000000")
        XCTAssertEqual(try PhoneNumber.normalize("008613800000000"), "+8613800000000")
        XCTAssertEqual(try PhoneNumber.normalize("8613912345678"), "+8613912345678")
        XCTAssertEqual(try PhoneNumber.normalize("+14155550123"), "+14155550123")
        for bad in [
            "", "12800000000", "1380000000", "+8612345", "+86 23800000000", "abc", "+0123456789",
            "+1234567890123456", "１３８００００００００", "13800000000; DROP",
        ] {
            XCTAssertThrowsError(try PhoneNumber.normalize(bad), bad) { error in
                XCTAssertEqual((error as? OAuthError)?.code, .invalidPhone)
            }
        }
    }

    func testMemberIDShape() {
        XCTAssertTrue(MemberID.isWellFormed("m_abcdefghijklmnopqrstuvwxyz"))
        XCTAssertFalse(MemberID.isWellFormed("m_ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        XCTAssertFalse(MemberID.isWellFormed("m_abc"))
        XCTAssertFalse(MemberID.isWellFormed("x_abcdefghijklmnopqrstuvwxyz"))
    }
}
