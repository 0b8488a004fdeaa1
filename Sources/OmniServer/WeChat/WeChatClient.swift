import FoundationEssentials
public import OmniHTTP
public import OmniID
public import OmniLog

/// ``WeChatAPI`` over HTTPS with ``HTTPClient``: WeChat's exact request parameters and answers.
///
/// Secrets stay here: they go into query strings (as WeChat requires), and neither the query string, nor a
/// code, token, secret or `session_key` ever appears in an error or a log line.
public final class WeChatClient: WeChatAPI {
    private struct App {
        let secret: String
        let kind: Configuration.WeChatApp.Kind
    }

    private let http: HTTPClient
    private let apiBase: String
    private let timeout: Duration
    private let apps: [String: App]
    private let logger: Logger
    private let tokens = WeChatAccessTokenCache()

    /// A client for `configuration.apps` at `configuration.apiBase`, each call bounded by `timeout_ms`.
    public init(configuration: Configuration.WeChat, http: HTTPClient, logger: Logger) {
        self.http = http
        apiBase = configuration.apiBase
        timeout = .milliseconds(configuration.timeoutMilliseconds)
        apps = Dictionary(
            configuration.apps.map { ($0.appID, App(secret: $0.secret, kind: $0.kind)) },
            uniquingKeysWith: { first, _ in first }
        )
        self.logger = logger
    }

    // auth.code2Session: GET /sns/jscode2session?appid=APPID&secret=SECRET&js_code=JSCODE
    //     &grant_type=authorization_code → {"openid","session_key","unionid"?} or {"errcode","errmsg"}.
    public func session(jsCode: String, app: String) async throws(WeChatError) -> WeChatAccount {
        let secret = try secret(of: app)
        let reply = try await call(
            .code2Session,
            app: app,
            query: [("appid", app), ("secret", secret), ("js_code", jsCode), ("grant_type", "authorization_code")]
        )
        return try reply.account(appID: app)
    }

    // auth.getAccessToken: GET /cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET
    //     → {"access_token","expires_in"}; cached per appid.
    public func appAccessToken(app: String) async throws(WeChatError) -> WeChatAccessToken {
        let secret = try secret(of: app)
        return try await tokens.token(for: app) { () async throws(WeChatError) -> WeChatAccessToken in
            let reply = try await self.call(
                .getAccessToken,
                app: app,
                query: [("grant_type", "client_credential"), ("appid", app), ("secret", secret)]
            )
            guard let expiresIn = reply.expires_in, expiresIn > 0 else { throw .unavailable(.invalidResponse) }
            return WeChatAccessToken(value: try reply.required(reply.access_token), expiresIn: expiresIn)
        }
    }

    // phonenumber.getPhoneNumber: POST /wxa/business/getuserphonenumber?access_token=ACCESS_TOKEN {"code"}
    //     → {"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber","purePhoneNumber","countryCode","watermark"}}.
    public func phoneNumber(code: String, app: String) async throws(WeChatError) -> WeChatPhoneNumber {
        let body = try JSONBody.object(["code": code])
        var token = try await appAccessToken(app: app)
        do {
            return try await call(.getPhoneNumber, app: app, query: [("access_token", token.value)], body: body)
                .phoneNumber()
        } catch .accessTokenRejected {
            // The token went stale early (fetched elsewhere, or revoked): one fresh token, one more try.
            await tokens.invalidate(token.value, for: app)
            token = try await appAccessToken(app: app)
            do throws(WeChatError) {
                return try await call(.getPhoneNumber, app: app, query: [("access_token", token.value)], body: body)
                    .phoneNumber()
            } catch {
                if case .accessTokenRejected = error {
                    logger.error(
                        "WeChat refused a fresh app access token",
                        [("endpoint", "wxa/business/getuserphonenumber"), ("appid", .string(app))]
                    )
                }
                throw error
            }
        }
    }

    // Mobile app WeChat login: GET /sns/oauth2/access_token?appid=APPID&secret=SECRET&code=CODE
    //     &grant_type=authorization_code → {"access_token","expires_in","refresh_token","openid","scope","unionid"}.
    public func oauthAccessToken(code: String, app: String) async throws(WeChatError) -> WeChatAccount {
        let secret = try secret(of: app)
        let reply = try await call(
            .snsAccessToken,
            app: app,
            query: [("appid", app), ("secret", secret), ("code", code), ("grant_type", "authorization_code")]
        )
        return try reply.account(appID: app)
    }

    private func secret(of app: String) throws(WeChatError) -> String {
        guard let secret = apps[app]?.secret else { throw .unknownApp(app) }
        return secret
    }

    /// One exchange: the request, the HTTP status, the JSON, the errcode; failures logged without secrets.
    private func call(
        _ endpoint: WeChatErrcode.Endpoint,
        app: String,
        query: [(String, String)],
        body: [UInt8]? = nil
    ) async throws(WeChatError) -> WeChatReply {
        let url =
            apiBase + "/" + endpoint.rawValue + "?"
            + query.map { PercentEncoding.formEncode($0.0) + "=" + PercentEncoding.formEncode($0.1) }
            .joined(separator: "&")
        var request = HTTPClientRequest(method: body == nil ? .GET : .POST, url: url)
        if let body {
            request.body = body
            try? request.headers.set("Content-Type", "application/json")
        }
        do throws(WeChatError) {
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: timeout)
            } catch {
                throw Self.error(for: error)
            }
            switch response.status.code {
            case 200: break
            case 429, 500...599: throw WeChatError.unavailable(.httpStatus(response.status.code))
            default: throw WeChatError.unexpectedHTTPStatus(response.status.code)
            }
            let reply = try WeChatReply.decode(response.body)
            do {
                try reply.check(at: endpoint)
            } catch {  // typed: WeChatError
                log(error, endpoint: endpoint, app: app, errmsg: reply.errmsg)
                throw error
            }
            return reply
        } catch {
            if case .unavailable = error { log(error, endpoint: endpoint, app: app, errmsg: nil) }
            throw error
        }
    }

    private static func error(for error: HTTPClientError) -> WeChatError {
        switch error {
        case .timeout: .unavailable(.timeout)
        case .invalidURL, .invalidRequest, .setupFailed: .unexpected(errcode: 0)
        default: .unavailable(.network(error.description))
        }
    }

    /// Operator-facing failures at `error` level, transient ones at `warning`; the user's own mistakes
    /// (bad code, blocked user) are the caller's to report.
    private func log(_ error: WeChatError, endpoint: WeChatErrcode.Endpoint, app: String, errmsg: String?) {
        var fields: [(String, LogValue)] = [
            ("endpoint", .string(endpoint.rawValue)), ("appid", .string(app)), ("error", .string(error.description)),
        ]
        // WeChat's errmsg ends with the request id (rid) its support asks for; it never echoes our parameters.
        if let errmsg { fields.append(("errmsg", .string(String(errmsg.prefix(200))))) }
        switch error {
        // A stale access token is retried once by `phoneNumber`, which logs a second refusal itself.
        case .invalidCode, .userBlocked, .accessTokenRejected: return
        case .unavailable: logger.warning("WeChat call failed", fields)
        default: logger.error("WeChat refused our request", fields)
        }
    }
}

/// Small JSON request bodies.
enum JSONBody {
    static func object(_ fields: [String: String]) throws(WeChatError) -> [UInt8] {
        do {
            return [UInt8](try JSONEncoder().encode(fields))
        } catch {
            throw .unexpected(errcode: 0)
        }
    }
}
