import Synchronization

/// An HTTP/1.1 client for calling upstream APIs (WeChat's `api.weixin.qq.com`) over HTTP or HTTPS.
///
/// ```swift
/// let client = try HTTPClient()
/// let response = try await client.execute(
///     HTTPClientRequest(url: "https://api.weixin.qq.com/sns/jscode2session?appid=...&secret=...&js_code=..."),
///     timeout: .seconds(5)
/// )
/// ```
///
/// Non-blocking sockets on one epoll thread per client carry every request; host names are resolved on a few
/// dedicated threads (`getaddrinfo` blocks), so no request ever blocks an event loop or the concurrency pool. TLS
/// (OpenSSL, 1.2 or later) verifies the chain against the system CA store and the host name. One request per
/// connection (`Connection: close`): no pooling, so no stale connection can ever be reused.
///
/// Make one client at start-up and share it: each owns a thread, and `init` reads the trust store from disk.
public final class HTTPClient: Sendable {
    private let configuration: HTTPClientConfiguration
    private let inbox: ClientInbox
    private let nextID = Atomic<UInt64>(1)

    /// Loads the trust store (system CAs plus ``HTTPClientConfiguration/additionalTrustedCAFile``) and starts the
    /// client's loop thread, which stops when the client is released.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws(HTTPClientError) {
        guard !configuration.userAgent.isEmpty,
            configuration.userAgent.utf8.allSatisfy(ByteClass.isFieldValueChar)
        else { throw .setupFailed(reason: "invalid User-Agent") }
        self.configuration = configuration
        // A write to a reset connection must fail with EPIPE, not kill the process.
        POSIXSocket.ignoreSIGPIPE()
        let tls = try TLSClientContext(additionalTrustedCAFile: configuration.additionalTrustedCAFile)
        do {
            inbox = try ClientInbox()
        } catch {
            throw .setupFailed(reason: "\(error)")
        }
        let context = ClientLoopContext(
            inbox: inbox,
            tls: tls,
            resolver: HostResolver(maxThreads: configuration.maxResolverThreads),
            maxHeadSize: configuration.maxResponseHeadSize,
            maxBodySize: configuration.maxResponseBodySize
        )
        do {
            try LoopThread.start { ClientLoop.run(context) }
        } catch {
            inbox.close()
            throw .setupFailed(reason: "\(error)")
        }
    }

    deinit {
        inbox.post(.shutdown)
    }

    /// Sends `request` on a new connection and returns the complete response, whatever its status.
    ///
    /// `timeout` bounds the whole exchange: name lookup, connect, TLS handshake, writing the request and reading
    /// the response; past it the connection is closed and ``HTTPClientError/timeout`` thrown. Cancelling the
    /// awaiting task closes the connection and throws ``HTTPClientError/cancelled`` at once.
    public func execute(
        _ request: HTTPClientRequest,
        timeout: Duration
    ) async throws(HTTPClientError) -> HTTPClientResponse {
        let url = try ClientURL(parsing: request.url)
        guard ByteClass.isToken(request.method.rawValue) else { throw .invalidRequest(reason: "invalid method") }
        let start = SystemClock.monotonicNanoseconds()
        let (deadline, overflow) = start.addingReportingOverflow(timeout.nanoseconds)
        let job = ExchangeJob(
            id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue,
            url: url,
            bytes: ClientRequestEncoder.encode(request, url: url, userAgent: configuration.userAgent),
            isHeadRequest: request.method == .HEAD,
            deadline: overflow ? .max : deadline,
            completion: ExchangeCompletion()
        )
        let inbox = self.inbox
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard job.completion.install(continuation) else { return }
                if !inbox.post(.start(job)) {
                    job.completion.finish(.failure(.setupFailed(reason: "client loop stopped")))
                }
            }
        } onCancel: {
            // Resume the task now; the loop closes the connection when it reads the message.
            if job.completion.finish(.failure(.cancelled)) { inbox.post(.cancel(id: job.id)) }
        }
        return try outcome.get()
    }
}
