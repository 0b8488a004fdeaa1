import Foundation

@testable import OmniServer

/// Sign-in helpers on top of ``TokenTestServer``: the outbox in the server's temp dir, JSON calls,
/// authorization URLs and redirect parsing.
extension TokenTestServer {
    static func startForSignIn(issuer: String? = nil, rateLimits: String = "") async throws -> TokenTestServer {
        let limits = rateLimits.isEmpty ? "" : ", \"rate_limits\": {\(rateLimits)}"
        return try await start(
            issuer: issuer,
            extra: ", \"sms\": {\"sender\": \"outbox\", \"outbox_path\": \"sms/outbox.jsonl\"}\(limits)"
        )
    }

    var outboxPath: String { directory + "/sms/outbox.jsonl" }

    /// The code of the latest SMS to `phone`.
    func latestOTP(to phone: String) throws -> String {
        let text = (try? String(contentsOfFile: outboxPath, encoding: .utf8)) ?? ""
        let codes = text.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                object["to"] == phone
            else { return nil }
            return object["code"]
        }
        guard let code = codes.last else { throw TestError(description: "no SMS to \(phone)") }
        return code
    }

    func postJSON(
        _ path: String,
        _ object: [String: String],
        headers: [String: String] = [:]
    ) async throws
        -> TestResponse
    {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        return try await request(
            "POST",
            path,
            headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
            body: body
        )
    }

    /// `GET /authorize?…` with the given parameters (in order) and an optional session cookie.
    func authorize(_ parameters: [(String, String)], cookie: String? = nil) async throws -> TestResponse {
        let query = parameters.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await get("/authorize?" + query, headers: cookie.map { ["Cookie": "omniid_session=\($0)"] } ?? [:])
    }

    /// The app's standard request: PKCE S256, state, nonce.
    static func appRequest(_ extra: [(String, String)] = []) -> [(String, String)] {
        [
            ("response_type", "code"), ("client_id", "mall-app"), ("redirect_uri", TestClients.appRedirect),
            ("scope", "openid phone offline_access"), ("state", "st-1"), ("nonce", "n-1"),
            ("code_challenge", TestClients.challenge), ("code_challenge_method", "S256"),
        ] + extra
    }

    /// Runs the page's calls for an interaction path and returns the verify response.
    func signIn(
        interaction path: String,
        phone: String,
        headers: [String: String] = [:]
    ) async throws
        -> TestResponse
    {
        let sent = try await postJSON(path + "/otp/send", ["phone": phone], headers: headers)
        guard sent.status == 204 else { throw TestError(description: "send: \(sent.status) \(sent.text)") }
        let code = try latestOTP(to: try e164(phone))
        return try await postJSON(path + "/otp/verify", ["phone": phone, "code": code], headers: headers)
    }

    /// Starts the app's authorization and returns the interaction path (`/interaction/{uid}`).
    func startInteraction(_ extra: [(String, String)] = [], cookie: String? = nil) async throws -> String {
        let response = try await authorize(Self.appRequest(extra), cookie: cookie)
        guard response.status == 302, let location = response.header("Location"),
            let path = URLComponents(string: location)?.path, path.hasPrefix("/interaction/")
        else { throw TestError(description: "no interaction: \(response.status) \(response.headers)") }
        return path
    }

    private func e164(_ phone: String) throws -> String { phone.hasPrefix("+") ? phone : "+86" + phone }
}

/// The query parameters of a URL (the last value of each name).
func queryItems(_ url: String?) -> [String: String] {
    guard let url, let components = URLComponents(string: url) else { return [:] }
    var items: [String: String] = [:]
    for item in components.queryItems ?? [] { items[item.name] = item.value ?? "" }
    return items
}

/// The `omniid_session` value of a Set-Cookie header.
func sessionCookie(_ response: TestResponse) -> String? {
    guard let header = response.header("Set-Cookie"), header.hasPrefix("omniid_session=") else { return nil }
    return header.dropFirst("omniid_session=".count).split(separator: ";").first.map(String.init)
}
