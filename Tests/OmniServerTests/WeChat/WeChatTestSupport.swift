import FakeWeChat
import OmniHTTP
import OmniID
import OmniLog
import Synchronization

@testable import OmniServer

/// Log lines kept in memory, to check what the adapter writes.
final class CapturedLog: LogSink {
    private let lines = Mutex<[String]>([])
    func emit(_ line: String, level: LogLevel) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A ``WeChatClient`` wired to a fresh ``FakeWeChat`` over real loopback HTTP.
struct WeChatHarness {
    static let miniApp = "wx-mini-0001"
    static let mobileApp = "wx-app-0001"
    static let secret = "mini-SECRET-do-not-log"
    static let mobileSecret = "app-SECRET-do-not-log"

    let fake: FakeWeChat
    let client: WeChatClient
    let log: CapturedLog

    /// `configuredSecret` is what our configuration holds (to simulate a wrong one).
    init(timeoutMilliseconds: Int = 2000, configuredSecret: String = WeChatHarness.secret) throws {
        fake = try FakeWeChat()
        fake.addApp(Self.miniApp, secret: Self.secret)
        fake.addApp(Self.mobileApp, secret: Self.mobileSecret)
        log = CapturedLog()
        let configuration = Configuration.WeChat(
            apiBase: fake.baseURL,
            timeoutMilliseconds: timeoutMilliseconds,
            apps: [
                .init(appID: Self.miniApp, secret: configuredSecret, kind: .miniprogram),
                .init(appID: Self.mobileApp, secret: Self.mobileSecret, kind: .app),
                .init(appID: "wx-unknown-to-wechat", secret: "whatever-SECRET", kind: .miniprogram),
            ]
        )
        client = WeChatClient(
            configuration: configuration,
            http: try HTTPClient(),
            logger: Logger(label: "wechat", minimumLevel: .debug, sink: log)
        )
    }

    /// The error a call throws, or nil.
    func error<T>(_ call: () async throws(WeChatError) -> T) async -> WeChatError? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error
        }
    }
}
