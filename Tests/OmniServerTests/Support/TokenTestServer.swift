import Foundation
import Glibc
import OmniID
import OmniLog
import OmniStore

@testable import OmniServer

/// Runs blocking socket I/O on its own thread, never on the cooperative pool the server's handlers use.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

struct TestError: Error, CustomStringConvertible { let description: String }

/// A response read off a loopback socket.
struct TestResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
    func string(_ key: String) -> String? { json[key] as? String }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// The clients every token test server knows. The web shop's secret has `:`, `%` and `+`, which
/// RFC 6749 §2.3.1 form-encoding must carry through Basic authentication.
enum TestClients {
    static let webSecret = "s3cr:t%20+plus/x=Y"
    static let otherWebSecret = "other-web-secret-0123"
    static let orderSecret = "order-service-secret-0123"
    static let reportSecret = "report-service-secret-0123"
    static let webRedirect = "https://shop.example/callback"
    static let appRedirect = "com.omnishop.mall:/oauth2redirect"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    static let json = """
        [
          {"client_id": "web-shop", "name": "Web", "channel": "web", "type": "confidential",
           "secret": "\(webSecret)", "redirect_uris": ["\(webRedirect)"],
           "grant_types": ["authorization_code", "refresh_token"], "scopes": ["openid", "phone", "offline_access"]},
          {"client_id": "other-web", "name": "Other", "channel": "web", "type": "confidential",
           "secret": "\(otherWebSecret)", "redirect_uris": ["https://other.example/cb"],
           "grant_types": ["authorization_code", "refresh_token"], "scopes": ["openid", "phone", "offline_access"]},
          {"client_id": "mall-app", "name": "App", "channel": "app", "type": "public",
           "redirect_uris": ["\(appRedirect)"], "grant_types": ["authorization_code", "refresh_token"],
           "scopes": ["openid", "phone", "offline_access"]},
          {"client_id": "order-service", "name": "Orders", "channel": "service", "type": "confidential",
           "secret": "\(orderSecret)", "grant_types": ["client_credentials"], "scopes": ["introspect", "orders"]},
          {"client_id": "report-service", "name": "Reports", "channel": "service", "type": "confidential",
           "secret": "\(reportSecret)", "grant_types": ["client_credentials"], "scopes": ["orders", "reports"]}
        ]
        """
}

/// The real ``Application`` on an ephemeral loopback port, with a temporary database and keys.
final class TokenTestServer: @unchecked Sendable {
    let application: Application
    let port: UInt16
    let directory: String
    var context: ServerContext { application.context }

    /// `sweepSchedule` nil (the default): no ``ExpiredRowSweeper`` runs, so rows a test ages by hand stay put.
    static func start(
        grace: Int = 5,
        issuer: String? = nil,
        extra: String = "",
        sweepSchedule: Application.SweepSchedule? = nil
    ) async throws -> TokenTestServer {
        let directory = FileManager.default.temporaryDirectory.path + "/omniid-tokens-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let json = """
            {"issuer": "\(issuer ?? "http://127.0.0.1")", "listen": "127.0.0.1:0", "database": "db.sqlite",
             "keys_dir": "keys", "refresh_token_reuse_grace": \(grace), "http": {"event_loops": 2}\(extra),
             "clients": \(TestClients.json)}
            """
        let configuration = try Configuration.parse(Array(json.utf8), baseDirectory: directory)
        let context = try await Application.openContext(
            configuration: configuration,
            logger: Logger(label: "test", minimumLevel: .error)
        )
        let application = try Application(context: context, sweepSchedule: sweepSchedule)
        let addresses = try application.start()
        return TokenTestServer(application: application, port: addresses[0].port, directory: directory)
    }

    private init(application: Application, port: UInt16, directory: String) {
        self.application = application
        self.port = port
        self.directory = directory
    }

    func stop() async {
        await application.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: HTTP

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func basic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(formEncode(id)):\(formEncode(secret))".utf8).base64EncodedString()
    }

    func post(
        _ path: String,
        _ form: [(String, String)],
        headers: [String: String] = [:],
        contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> TestResponse {
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await request(
            "POST",
            path,
            headers: headers.merging(["Content-Type": contentType]) { a, _ in a },
            body: body
        )
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await request("GET", path, headers: headers, body: nil)
    }

    func request(
        _ method: String,
        _ path: String,
        headers: [String: String],
        body: String?
    ) async throws -> TestResponse {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)" } else { text += "\r\n" }
        let (port, bytes) = (self.port, Array(text.utf8))
        return try await onThread { try Self.exchange(port: port, bytes) }
    }

    static func exchange(port: UInt16, _ bytes: [UInt8]) throws -> TestResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw TestError(description: "connect failed") }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, received.count - 3)).first(where: { Array(received[$0..<$0 + 4]) == separator })
        else { throw TestError(description: "no response") }
        let head = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let status = head.first.flatMap({ Int($0.dropFirst(9).prefix(3)) }) else {
            throw TestError(description: "bad status line")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        return TestResponse(status: status, headers: headers, body: Array(received[(end + 4)...]))
    }

    // MARK: Domain fixtures

    /// A member (inserted directly: the member directory is another part of the code) with a phone.
    func createMember(phone: String? = "+8613800000000") async throws -> MemberID {
        let member = MemberID(rawValue: "m_" + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(26)))
        try await context.database.write { db in
            try db.execute("INSERT INTO members (id, created_at) VALUES (?, 0)", [.text(member.rawValue)])
            if let phone {
                try db.execute(
                    "INSERT INTO identities (kind, value, member_id, linked_at) VALUES ('phone', ?, ?, 0)",
                    [.text(phone), .text(member.rawValue)]
                )
            }
        }
        return member
    }

    /// A code as the sign-in flows would issue it.
    func issueCode(
        client: String = "web-shop",
        member: MemberID,
        redirectURI: String? = TestClients.webRedirect,
        challenge: String? = TestClients.challenge,
        scope: String = "openid phone offline_access",
        nonce: String? = "n-0S6_WzA2Mj"
    ) async throws -> String {
        let grant = AuthorizationGrant(
            clientID: client,
            redirectURI: redirectURI,
            codeChallenge: challenge,
            nonce: nonce,
            scope: try ScopeSet.parse(scope),
            memberID: member,
            sessionIDHash: nil,
            amr: AuthenticationMethod.phoneOTP,
            authTime: Date(timeIntervalSince1970: 1_800_000_000)
        )
        return try await AuthorizationCodeStore(database: context.database, lifetime: 60).issueCode(
            for: grant,
            now: Date()
        )
    }

    /// Redeems a fresh code for the web shop (Basic) and returns the token response.
    func webShopTokens(member: MemberID, scope: String = "openid phone offline_access") async throws -> TestResponse {
        let code = try await issueCode(member: member, scope: scope)
        return try await post(
            "/token",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", TestClients.webRedirect),
                ("code_verifier", TestClients.verifier),
            ],
            headers: ["Authorization": Self.basic("web-shop", TestClients.webSecret)]
        )
    }

    func refresh(
        _ token: String,
        client: String = "web-shop",
        secret: String = TestClients.webSecret
    ) async throws
        -> TestResponse
    {
        try await post(
            "/token",
            [("grant_type", "refresh_token"), ("refresh_token", token)],
            headers: ["Authorization": Self.basic(client, secret)]
        )
    }

    func introspect(
        _ token: String,
        client: String = "web-shop",
        secret: String = TestClients.webSecret
    ) async throws
        -> TestResponse
    {
        try await post("/introspect", [("token", token)], headers: ["Authorization": Self.basic(client, secret)])
    }
}

/// The claims of a JWT, unverified (tests check signatures separately).
func jwtClaims(_ token: String) -> [String: Any] {
    let parts = token.split(separator: ".")
    guard parts.count == 3 else { return [:] }
    var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64) else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
}

func jwtHeader(_ token: String) -> [String: Any] {
    guard let first = token.split(separator: ".").first else { return [:] }
    var base64 = first.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64) else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
}
