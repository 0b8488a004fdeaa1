/// One client connection. Owned by exactly one event loop and touched only on its thread, so it needs no lock
/// and is deliberately not `Sendable`.
final class Connection {
    enum Phase {
        /// Reading and parsing requests.
        case reading
        /// A request was handed to an async handler; following pipelined bytes are buffered meanwhile.
        case awaitingHandler
        /// An error response was sent and our side shut down: discard input until EOF or the linger deadline.
        case lingering
    }

    /// What the deadline, when it passes, means.
    enum DeadlineKind {
        case none
        /// A fresh connection: no byte yet (close silently) or a partial request (408).
        case request
        case idle
        case write
        case linger
    }

    /// What the current request needs when its response is written.
    struct InFlight {
        var method: HTTPMethod
        var path: String
        var route: String?
        var version: HTTPVersion
        var keepAlive: Bool
        var requestBodyBytes: Int
    }

    let id: UInt64
    let descriptor: Int32
    let remoteAddress: SocketAddress?
    var input = InputBuffer()
    var parser: HTTPRequestParser
    var output: [UInt8] = []
    var outputOffset = 0
    var phase = Phase.reading
    /// The head of the request whose body is being read.
    var pendingHead: RequestHead?
    var inFlight: InFlight?
    /// Monotonic time the current request started (first byte, or end of the previous response when pipelined).
    var requestStart: UInt64
    /// Close once the output is flushed (no keep-alive, an error, or shutdown).
    var closeAfterWrite = false
    /// Shutdown: answer the request under way (if any) with `Connection: close`, start no other.
    var closeAfterCurrentRequest = false
    /// The peer shut down its side (read returned 0).
    var peerClosed = false
    var deadline: UInt64 = 0
    var deadlineKind = DeadlineKind.none
    /// The epoll interest currently registered, to skip redundant epoll_ctl calls.
    var registeredInterest: EpollInterest = .readable

    init(id: UInt64, descriptor: Int32, remoteAddress: SocketAddress?, limits: HTTPParserLimits, now: UInt64) {
        self.id = id
        self.descriptor = descriptor
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: limits)
        self.requestStart = now
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Nothing received, nothing in flight, nothing to write: safe to close silently.
    var isIdle: Bool {
        phase == .reading && input.isEmpty && !parser.isMidRequest && pendingHead == nil && !hasPendingOutput
    }

    func setDeadline(_ kind: DeadlineKind, at time: UInt64) {
        deadlineKind = kind
        deadline = kind == .none ? 0 : time
    }
}
