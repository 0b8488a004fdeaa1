import FakeWeChat
import Foundation
import OmniCrypto
import OmniHTTP
import OmniJWT
import OmniStore
import XCTest

/// The real `omniid` with `wechat.api_base` pointing at an in-process ``FakeWeChat``, plus the calls the
/// channel tests make (JSON over loopback with ``HTTPClient``, code redemption with PKCE, database counts).
final class WeChatEndToEnd: @unchecked Sendable {
    // Ownership rule: driven by one test at a time; the server process and fake are only started and
    // stopped from that test's task, the HTTP client is Sendable.
    static let miniApp = "wx-mini-e2e"
    static let mobileApp = "wx-app-e2e"
    static let miniSecret = "mini-app-SECRET-e2e"
    static let mobileSecret = "mobile-app-SECRET-e2e"

    let fake: FakeWeChat
    let server: ServerProcess
    let http: HTTPClient
    var base: String { server.baseURL }

    init(timeoutMilliseconds: Int = 2000, miniSecretInConfig: String = WeChatEndToEnd.miniSecret) throws {
        fake = try FakeWeChat()
        fake.addApp(Self.miniApp, secret: Self.miniSecret)
        fake.addApp(Self.mobileApp, secret: Self.mobileSecret)
        let apiBase = fake.baseURL
        server = try ServerProcess(adjust: { config in
            config["wechat"] = [
                "api_base": apiBase, "timeout_ms": timeoutMilliseconds,
                "apps": [
                    ["appid": Self.miniApp, "secret": miniSecretInConfig, "kind": "miniprogram"],
                    ["appid": Self.mobileApp, "secret": Self.mobileSecret, "kind": "app"],
                ],
            ]
            var clients = config["clients"] as? [[String: Any]] ?? []
            for index in clients.indices where clients[index]["client_id"] as? String == "mall-app" {
                clients[index]["wechat_appid"] = Self.mobileApp
            }
            clients.append([
                "client_id": "mall-miniprogram", "name": "OmniShop Mini Program", "channel": "miniprogram",
                "type": "public", "grant_types": ["authorization_code", "refresh_token"],
                "scopes": ["openid", "phone", "offline_access"], "wechat_appid": Self.miniApp,
            ])
            config["clients"] = clients
        })
        try server.start()
        http = try HTTPClient()
    }

    func stop() async {
        _ = server.stop()
        await fake.shutdown()
    }

    struct Answer: @unchecked Sendable {
        let status: Int
        let json: [String: Any]
        let headers: HTTPHeaders
        var error: String? { json["error"] as? String }
    }

    func send(
        _ method: HTTPMethod,
        _ path: String,
        json: [String: Any]? = nil,
        form: [(String, String)]? = nil,
        bearer: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(method: method, url: base + path)
        if let json {
            request.body = [UInt8](try JSONSerialization.data(withJSONObject: json))
            try request.headers.set("Content-Type", "application/json")
        } else if let form {
            request.body = Array(
                form.map { PercentEncoding.formEncode($0.0) + "=" + PercentEncoding.formEncode($0.1) }
                    .joined(separator: "&").utf8
            )
            try request.headers.set("Content-Type", "application/x-www-form-urlencoded")
        }
        if let bearer { try request.headers.set("Authorization", "Bearer " + bearer) }
        let response = try await http.execute(request, timeout: .seconds(20))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return Answer(status: response.status.code, json: object, headers: response.headers)
    }

    /// A PKCE pair (RFC 7636 §4.1, §4.2).
    static func pkce() -> (verifier: String, challenge: String) {
        let verifier = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        return (verifier, PKCE.s256(verifier))
    }

    /// `POST /channels/miniprogram/authorize`, then the code redeemed at `/token`; the access token's claims.
    func miniProgramSignIn(jsCode: String, phoneCode: String? = nil) async throws -> (Answer, [String: Any]?) {
        let pkce = Self.pkce()
        var body: [String: Any] = [
            "client_id": "mall-miniprogram", "js_code": jsCode, "code_challenge": pkce.challenge,
            "code_challenge_method": "S256", "scope": "openid phone offline_access",
        ]
        if let phoneCode { body["phone_code"] = phoneCode }
        let answer = try await send(.POST, "/channels/miniprogram/authorize", json: body)
        guard answer.status == 200 else { return (answer, nil) }
        return (answer, try await redeem(answer, client: "mall-miniprogram", verifier: pkce.verifier))
    }

    func appSignIn(wechatCode: String) async throws -> (Answer, [String: Any]?) {
        let pkce = Self.pkce()
        let answer = try await send(
            .POST,
            "/channels/app/wechat/authorize",
            json: [
                "client_id": "mall-app", "wechat_code": wechatCode, "code_challenge": pkce.challenge,
                "code_challenge_method": "S256", "scope": "openid offline_access",
            ]
        )
        guard answer.status == 200 else { return (answer, nil) }
        return (answer, try await redeem(answer, client: "mall-app", verifier: pkce.verifier))
    }

    /// Redeems the code of `answer`; the token response with the access token's claims under `claims`.
    func redeem(_ answer: Answer, client: String, verifier: String) async throws -> [String: Any] {
        guard let code = answer.json["code"] as? String else { throw EndToEndError(description: "no code") }
        let token = try await send(
            .POST,
            "/token",
            form: [
                ("grant_type", "authorization_code"), ("code", code), ("client_id", client),
                ("code_verifier", verifier),
            ]
        )
        guard token.status == 200, let access = token.json["access_token"] as? String else {
            throw EndToEndError(description: "token endpoint answered \(token.status) \(token.json)")
        }
        var result = token.json
        result["claims"] = try Self.claims(access)
        return result
    }

    static func claims(_ jwt: String) throws -> [String: Any] {
        let parts = jwt.split(separator: ".")
        guard parts.count == 3, let payload = try? Base64URL.decode(String(parts[1])),
            let object = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        else { throw EndToEndError(description: "not a JWT") }
        return object
    }

    func assertCount(
        _ sql: String,
        _ expected: Int,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws {
        let actual = try await count(sql)
        XCTAssertEqual(actual, expected, sql, file: file, line: line)
    }

    /// `SELECT COUNT(*)` on the server's database file (read while it runs, WAL).
    func count(_ sql: String) async throws -> Int {
        let database = try SQLiteDatabase(path: server.databasePath)
        defer { database.close() }
        return try await database.read { db in try db.queryOne(sql)?.get(Int.self, at: 0) ?? -1 }
    }
}

/// RFC 7636 §4.2 S256 over OmniJWT's SHA-256.
enum PKCE {
    static func s256(_ verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }
}
