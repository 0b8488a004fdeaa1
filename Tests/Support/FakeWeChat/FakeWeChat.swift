import FoundationEssentials
import OmniHTTP
import Synchronization

/// A WeChat server API on loopback for tests: `sns/jscode2session`, `cgi-bin/token`,
/// `wxa/business/getuserphonenumber` and `sns/oauth2/access_token`, validating requests as WeChat does and
/// answering with WeChat's JSON, errcodes and errmsgs (see `FakeWeChat+Endpoints.swift`).
///
/// ```swift
/// let wechat = try FakeWeChat()
/// wechat.addApp("wxmini", secret: "s3cret")
/// wechat.addCode("js-1", app: "wxmini", .user(openID: "o-1", unionID: "u-1"))
/// // point wechat.api_base at wechat.baseURL
/// ```
public final class FakeWeChat: Sendable {
    /// What a code yields when it is presented.
    public enum Outcome: Sendable, Equatable {
        /// jscode2session / sns/oauth2/access_token success.
        case user(openID: String, unionID: String?)
        /// getuserphonenumber success (`countryCode` is sent as a number, as in WeChat's example).
        case phone(countryCode: String, purePhoneNumber: String)
        /// `{"errcode": errcode, "errmsg": ...}` with WeChat's errmsg for it.
        case errcode(Int)
        /// A bare HTTP status (a proxy in front of WeChat failing).
        case httpStatus(Int)
        /// `200` with a body that is not JSON.
        case invalidJSON
    }

    /// The endpoints, for call counters.
    public enum Endpoint: String, Sendable, CaseIterable {
        case code2Session = "/sns/jscode2session"
        case getAccessToken = "/cgi-bin/token"
        case getPhoneNumber = "/wxa/business/getuserphonenumber"
        case snsAccessToken = "/sns/oauth2/access_token"
    }

    struct Scenario {
        let appID: String
        let outcome: Outcome
        let delay: Duration
    }

    struct IssuedToken {
        let appID: String
        var expiresAt: ContinuousClock.Instant
    }

    struct State {
        var apps: [String: String] = [:]
        var codes: [String: Scenario] = [:]
        var phoneCodes: [String: Scenario] = [:]
        var usedCodes: Set<String> = []
        var tokens: [String: IssuedToken] = [:]
        var tokenLifetime = 7200
        var tokenDelay: Duration = .zero
        var tokenOutcome: Outcome?
        var calls: [Endpoint: Int] = [:]
        var tokenSerial = 0
    }

    let state = Mutex(State())
    private let server: HTTPServer
    /// `http://127.0.0.1:PORT`: the value for `wechat.api_base`.
    public let baseURL: String

    /// Starts the fake on an ephemeral loopback port.
    public init() throws {
        var configuration = HTTPServerConfiguration(listen: [try SocketAddress(parsing: "127.0.0.1:0")])
        configuration.eventLoopCount = 1
        var router = Router()
        let box = FakeWeChatBox()
        for endpoint in Endpoint.allCases {
            for method in [HTTPMethod.GET, .POST] {
                router.on(method, endpoint.rawValue) { request in
                    guard let fake = box.fake else { return HTTPResponse(status: .serviceUnavailable) }
                    return await fake.answer(endpoint, request)
                }
            }
        }
        server = HTTPServer(configuration: configuration, router: router)
        let addresses = try server.start()
        guard let port = addresses.first?.port else { throw FakeWeChatError.noAddress }
        baseURL = "http://127.0.0.1:\(port)"
        box.fake = self
    }

    /// Stops the server.
    public func shutdown() async { await server.shutdown() }

    /// Registers an app and its AppSecret.
    public func addApp(_ appID: String, secret: String) {
        state.withLock { $0.apps[appID] = secret }
    }

    /// A `wx.login()` js_code or a WeChat SDK code issued to `app`; single use once it succeeds.
    public func addCode(_ code: String, app: String, _ outcome: Outcome, delay: Duration = .zero) {
        state.withLock { $0.codes[code] = Scenario(appID: app, outcome: outcome, delay: delay) }
    }

    /// A `getPhoneNumber` button code issued to `app`; single use once it succeeds.
    public func addPhoneCode(_ code: String, app: String, _ outcome: Outcome, delay: Duration = .zero) {
        state.withLock { $0.phoneCodes[code] = Scenario(appID: app, outcome: outcome, delay: delay) }
    }

    /// `expires_in` of the next app access tokens (default 7200).
    public func setAccessTokenLifetime(_ seconds: Int) { state.withLock { $0.tokenLifetime = seconds } }

    /// Latency of `cgi-bin/token`, to make concurrent callers overlap.
    public func setAccessTokenDelay(_ delay: Duration) { state.withLock { $0.tokenDelay = delay } }

    /// Makes `cgi-bin/token` fail with `outcome` (nil: normal again).
    public func failAccessTokens(with outcome: Outcome?) { state.withLock { $0.tokenOutcome = outcome } }

    /// Every issued app access token now answers 42001 `access_token expired`.
    public func expireAccessTokens() {
        state.withLock { state in
            for key in state.tokens.keys { state.tokens[key]?.expiresAt = .now - .seconds(1) }
        }
    }

    /// Every issued app access token is forgotten: it now answers 40001 `invalid credential`.
    public func revokeAccessTokens() { state.withLock { $0.tokens = [:] } }

    /// How many requests `endpoint` received.
    public func calls(_ endpoint: Endpoint) -> Int { state.withLock { $0.calls[endpoint] ?? 0 } }
}

enum FakeWeChatError: Error { case noAddress }

/// Lets the router's closures reach the fake once it exists (the router is built before `self`).
final class FakeWeChatBox: Sendable {
    private let value = Mutex<FakeWeChat?>(nil)
    var fake: FakeWeChat? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
