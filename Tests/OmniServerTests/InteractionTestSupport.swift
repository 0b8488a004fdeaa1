import Foundation
import OmniID

@testable import OmniServer

/// Helpers for the sign-in tests: authorization requests, the interaction's JSON calls, and the SMS
/// outbox the server writes codes to (the fake phone, in the real wire format of `sms.sender`).
extension TokenTestServer {
    static let testPhone = "13800138000"
    static let testPhoneE164 = "+8613800138000"

    /// A server whose SMS outbox lives in its own temporary folder, with extra configuration.
    static func startForSignIn(issuer: String? = nil, rateLimits: String? = nil) async throws -> TokenTestServer {
        var extra = #", "sms": {"sender": "outbox", "outbox_path": "outbox.jsonl"}"#
        if let rateLimits { extra += #", "rate_limits": {\#(rateLimits)}"# }
        return try await start(issuer: issuer, extra: extra)
    }

    var outboxPath: String { directory + "/outbox.jsonl" }

    /// Every line of the outbox, decoded.
    func outbox() throws -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: outboxPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String]
        }
    }

    /// The code of the newest SMS to `phone`.
    func lastCode(to phone: String = TokenTestServer.testPhoneE164) throws -> String {
        guard let code = try outbox().last(where: { $0["to"] == phone })?["code"] else {
            throw TestError(description: "no SMS to \(phone)")
        }
        return code
    }

    /// The query string of an authorization request (the web shop with PKCE unless overridden).
    static func authorizeQuery(_ overrides: [(String, String?)] = []) -> String {
        var parameters: [(String, String?)] = [
            ("response_type", "code"), ("client_id", "web-shop"), ("redirect_uri", TestClients.webRedirect),
            ("scope", "openid phone offline_access"), ("state", "st-123"), ("nonce", "n-0S6_WzA2Mj"),
            ("code_challenge", TestClients.challenge), ("code_challenge_method", "S256"),
        ]
        for (name, value) in overrides {
            parameters.removeAll { $0.0 == name }
            parameters.append((name, value))
        }
        return parameters.compactMap { name, value in value.map { "\(formEncode(name))=\(formEncode($0))" } }
            .joined(separator: "&")
    }

    func authorize(_ overrides: [(String, String?)] = [], cookie: String? = nil) async throws -> TestResponse {
        try await get(
            "/authorize?" + Self.authorizeQuery(overrides),
            headers: cookie.map { ["Cookie": $0] } ?? [:]
        )
    }

    func postJSON(
        _ path: String,
        _ body: String,
        contentType: String? = "application/json",
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        var all = headers
        if let contentType { all["Content-Type"] = contentType }
        return try await request("POST", path, headers: all, body: body)
    }

    func sendCode(uid: String, phone: String = TokenTestServer.testPhone) async throws -> TestResponse {
        try await postJSON("/interaction/\(uid)/otp/send", #"{"phone":"\#(phone)"}"#)
    }

    func verifyCode(
        uid: String,
        code: String,
        phone: String = TokenTestServer.testPhone
    ) async throws -> TestResponse {
        try await postJSON("/interaction/\(uid)/otp/verify", #"{"phone":"\#(phone)","code":"\#(code)"}"#)
    }

    /// Starts an authorization without a session and returns the interaction uid.
    func startInteraction(_ overrides: [(String, String?)] = []) async throws -> String {
        let response = try await authorize(overrides)
        guard response.status == 302, let location = response.header("Location"),
            let range = location.range(of: "/interaction/")
        else { throw TestError(description: "expected a redirect to the sign-in page, got \(response.status)") }
        return String(location[range.upperBound...])
    }

    /// The whole phone sign-in: authorize, send, read the outbox, verify. Returns the verify response.
    func signInWithPhone(_ overrides: [(String, String?)] = []) async throws -> TestResponse {
        let uid = try await startInteraction(overrides)
        let sent = try await sendCode(uid: uid)
        guard sent.status == 204 else { throw TestError(description: "send answered \(sent.status): \(sent.text)") }
        return try await verifyCode(uid: uid, code: try lastCode())
    }
}

extension TestResponse {
    /// `name=value` of the `Set-Cookie` header, for a following request's `Cookie`.
    var sessionCookie: String? {
        header("Set-Cookie")?.split(separator: ";").first.map { String($0) }
    }
}

/// The query parameters of a URL (a `Location` or a `redirect_to`).
func queryItems(_ url: String) -> [String: String] {
    var items: [String: String] = [:]
    for item in URLComponents(string: url)?.queryItems ?? [] { items[item.name] = item.value ?? "" }
    return items
}
