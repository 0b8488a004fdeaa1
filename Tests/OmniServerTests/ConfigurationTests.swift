import XCTest

@testable import OmniServer

final class ConfigurationTests: XCTestCase {
    private func parse(_ json: String, base: String = "/etc/omniid") throws -> Configuration {
        try Configuration.parse(Array(json.utf8), baseDirectory: base)
    }

    private func assertRefused(
        _ json: String,
        key: String,
        reason: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertThrowsError(try parse(json), file: file, line: line) { error in
            guard let error = error as? ConfigurationError else {
                return XCTFail("unexpected \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.key, key, file: file, line: line)
            XCTAssertEqual(error.reason, reason, file: file, line: line)
        }
    }

    func testCommittedDefaultConfigurationLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Config/omniid.json"
        ).standardized.path
        let config = try Configuration.load(path: path)
        XCTAssertEqual(config.issuer, "http://127.0.0.1:8080")
        XCTAssertEqual(config.listen, ListenAddress(host: "127.0.0.1", port: 8080))
        XCTAssertTrue(config.databasePath.hasSuffix("/var/omniid.sqlite"))
        XCTAssertFalse(config.databasePath.contains(".."))
        XCTAssertTrue(config.keysDirectory.hasSuffix("/Keys"))
        XCTAssertEqual(
            config.clients.map(\.clientID),
            ["web-shop", "mall-app", "mall-miniprogram", "order-service", "admin-console"]
        )
        XCTAssertEqual(config.keys.activationDelay, 900)
        XCTAssertEqual(config.keys.jwksMaxAge, 300)
        XCTAssertEqual(config.refreshTokenReuseGrace, 5)
    }

    func testDefaultsAndRelativePathsResolveAgainstTheFile() throws {
        let config = try parse(#"{"issuer":"https://id.example.com","database":"data/id.db","keys_dir":"/srv/keys"}"#)
        XCTAssertEqual(config.databasePath, "/etc/omniid/data/id.db")
        XCTAssertEqual(config.keysDirectory, "/srv/keys")
        XCTAssertEqual(config.sms.sender, .outbox(path: "/etc/var/sms-outbox.jsonl"))
        XCTAssertEqual(config.accessTokenTTL, 600)
        XCTAssertEqual(config.authorizationCodeTTL, 60)
        XCTAssertEqual(config.wechat.apiBase, "https://api.weixin.qq.com")
        XCTAssertEqual(config.wechat.timeoutMilliseconds, 5000)
        XCTAssertEqual(config.http.maxConnections, 4096)
        XCTAssertEqual(config.http.maxBodyBytes, 1 << 20)
    }

    func testUnknownKeysAreNamedWithTheirPath() {
        assertRefused(#"{"issuer":"https://a.example","listn":"x"}"#, key: "listn", reason: "unknown key")
        assertRefused(
            #"{"issuer":"https://a.example","keys":{"activation_delay":900,"rotate":1}}"#,
            key: "keys.rotate",
            reason: "unknown key"
        )
        assertRefused(
            #"{"issuer":"https://a.example","clients":[{"client_id":"a","name":"A","channel":"service","type":"confidential","secret":"0123456789abcdef","colour":"red"}]}"#,
            key: "clients[0].colour",
            reason: "unknown key"
        )
    }

    func testActivationDelayShorterThanJWKSMaxAgeIsRefused() {
        assertRefused(
            #"{"issuer":"https://a.example","keys":{"activation_delay":60,"jwks_max_age":300}}"#,
            key: "keys.activation_delay",
            reason: "must not be shorter than keys.jwks_max_age (300)"
        )
    }

    func testIssuerRules() {
        assertRefused(#"{}"#, key: "issuer", reason: "is required")
        assertRefused(#"{"issuer":"https://a.example/"}"#, key: "issuer", reason: "must not end with '/'")
        assertRefused(
            #"{"issuer":"https://a.example?x=1"}"#,
            key: "issuer",
            reason: "must not have a query or fragment"
        )
        assertRefused(
            #"{"issuer":"http://id.example.com"}"#,
            key: "issuer",
            reason: "must use https unless the host is loopback"
        )
        assertRefused(#"{"issuer":"ftp://a.example"}"#, key: "issuer", reason: "must be an absolute http(s) URL")
        assertRefused(#"{"issuer":42}"#, key: "issuer", reason: "must be a string, found a number")
        XCTAssertNoThrow(try parse(#"{"issuer":"https://gw.example.com/auth","listen":"0.0.0.0:8080"}"#))
    }

    func testListenAddresses() throws {
        XCTAssertEqual(ListenAddress(parsing: "[::1]:8443"), ListenAddress(host: "::1", port: 8443))
        XCTAssertEqual(ListenAddress(parsing: "[::1]:8443")?.description, "[::1]:8443")
        XCTAssertEqual(ListenAddress(parsing: "127.0.0.1:0"), ListenAddress(host: "127.0.0.1", port: 0))
        for bad in ["127.0.0.1", "127.0.0.1:65536", ":80", "::1:80", "[::1]80", "host:８０", "a b:80", "1.2.3.4:-1"] {
            XCTAssertNil(ListenAddress(parsing: bad), bad)
        }
        assertRefused(
            #"{"issuer":"https://a.example","listen":"localhost"}"#,
            key: "listen",
            reason: "must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"
        )
    }

    func testClientRules() {
        let head =
            #"{"issuer":"https://a.example","wechat":{"apps":[{"appid":"wx1","secret":"s","kind":"miniprogram"}]},"clients":["#
        assertRefused(
            head + #"{"client_id":"w","name":"W","channel":"web","type":"confidential"}]}"#,
            key: "clients[0].secret",
            reason: "is required for a confidential client"
        )
        assertRefused(
            head + #"{"client_id":"w","name":"W","channel":"web","type":"confidential","secret":"short"}]}"#,
            key: "clients[0].secret",
            reason: "must be at least 16 characters"
        )
        assertRefused(
            head
                + #"{"client_id":"w","name":"W","channel":"web","type":"public","redirect_uris":["https://shop.example/cb#frag"]}]}"#,
            key: "clients[0].redirect_uris[0]",
            reason: "must not contain a fragment"
        )
        assertRefused(
            head
                + #"{"client_id":"w","name":"W","channel":"web","type":"public","redirect_uris":["http://shop.example/cb"]}]}"#,
            key: "clients[0].redirect_uris[0]",
            reason: "http is allowed only for loopback"
        )
        assertRefused(
            head + #"{"client_id":"a","name":"A","channel":"app","type":"public","redirect_uris":["myapp:/cb"]}]}"#,
            key: "clients[0].redirect_uris[0]",
            reason: "a private-use scheme must be a reverse domain name (RFC 8252 §7.1)"
        )
        assertRefused(
            head + #"{"client_id":"s","name":"S","channel":"service","type":"public"}]}"#,
            key: "clients[0].type",
            reason: "a service client must be confidential"
        )
        assertRefused(
            head + #"{"client_id":"m","name":"M","channel":"miniprogram","type":"public","wechat_appid":"wx9"}]}"#,
            key: "clients[0].wechat_appid",
            reason: "is not listed in wechat.apps"
        )
        assertRefused(
            head
                + #"{"client_id":"s","name":"S","channel":"service","type":"confidential","secret":"0123456789abcdef","grant_types":["password"]}]}"#,
            key: "clients[0].grant_types[0]",
            reason: "unknown grant type \"password\""
        )
        assertRefused(
            head
                + #"{"client_id":"s","name":"S","channel":"service","type":"confidential","secret":"0123456789abcdef","scopes":["a b"]}]}"#,
            key: "clients[0].scopes[0]",
            reason: "is not a valid scope token"
        )
        assertRefused(
            head
                + #"{"client_id":"s","name":"S","channel":"service","type":"confidential","secret":"0123456789abcdef"},{"client_id":"s","name":"T","channel":"service","type":"confidential","secret":"0123456789abcdef"}]}"#,
            key: "clients[1].client_id",
            reason: "duplicate client_id"
        )
    }

    func testMalformedJSONIsOneLine() {
        XCTAssertThrowsError(try parse("{\"issuer\": ")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.description, "not valid JSON")
        }
        XCTAssertThrowsError(try Configuration.load(path: "/nonexistent/omniid.json")) { error in
            XCTAssertEqual(
                (error as? ConfigurationError)?.description,
                "/nonexistent/omniid.json: cannot read the configuration file"
            )
        }
    }
}
