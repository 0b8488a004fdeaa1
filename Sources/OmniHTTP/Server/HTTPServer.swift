import Synchronization

/// The HTTP/1.1 server: epoll event loops on POSIX sockets, one thread per core.
///
/// ```swift
/// var router = Router()
/// router.inline(.GET, "/healthz") { _ in .text("ok") }
/// let server = HTTPServer(configuration: HTTPServerConfiguration(listen: [try SocketAddress(parsing: "127.0.0.1:0")]),
///                         router: router)
/// let addresses = try server.start()          // the actually bound addresses (ephemeral ports resolved)
/// _ = try await SignalWaiter.wait(for: [SIGTERM, SIGINT])
/// await server.shutdown()                     // stop accepting, finish in-flight requests, close
/// ```
public final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running(inboxes: [LoopInbox], addresses: [SocketAddress])
        case stopping
        case stopped
    }

    private let context: LoopContext
    private let state = Mutex(State.idle)
    private let exits = LoopExits()

    /// A server that has not started yet.
    public init(
        configuration: HTTPServerConfiguration,
        router: Router,
        observer: any HTTPServerObserver = NoHTTPServerObserver(),
        errorMapper: @escaping HTTPErrorMapper = HTTPErrorResponses.defaultMapper
    ) {
        context = LoopContext(
            configuration: configuration,
            router: router,
            observer: observer,
            errorMapper: errorMapper,
            connections: ConnectionCounter()
        )
    }

    /// Binds every listen address (one `SO_REUSEPORT` socket per loop), starts the loop threads and returns the
    /// bound addresses, with ephemeral ports resolved. Throws if an address cannot be bound or if already started.
    @discardableResult
    public func start() throws(HTTPServerError) -> [SocketAddress] {
        let configuration = context.configuration
        let loopCount = max(1, configuration.eventLoopCount)
        POSIXSocket.ignoreSIGPIPE()
        return try state.withLock { (state) throws(HTTPServerError) -> [SocketAddress] in
            guard case .idle = state else { throw .alreadyStarted }
            var perLoop = [[(Int32, SocketAddress)]](repeating: [], count: loopCount)
            var bound: [SocketAddress] = []
            var inboxes: [LoopInbox] = []
            do throws(SystemCallError) {
                for address in configuration.listen {
                    // The first socket resolves port 0; the others join it on the same port.
                    let (first, actual) = try POSIXSocket.listen(on: address, backlog: configuration.listenBacklog)
                    perLoop[0].append((first, actual))
                    bound.append(actual)
                    for index in 1..<loopCount {
                        let (descriptor, _) = try POSIXSocket.listen(on: actual, backlog: configuration.listenBacklog)
                        perLoop[index].append((descriptor, actual))
                    }
                }
                for _ in 0..<loopCount { inboxes.append(try LoopInbox()) }
            } catch {
                for listeners in perLoop { for (descriptor, _) in listeners { POSIXSocket.close(descriptor) } }
                for inbox in inboxes { inbox.close() }
                throw .bindFailed(error)
            }
            exits.expect(loopCount)
            let context = self.context
            let exits = self.exits
            for index in 0..<loopCount {
                let listeners = perLoop[index]
                let inbox = inboxes[index]
                do throws(SystemCallError) {
                    try LoopThread.start {
                        EventLoop.run(context: context, listeners: listeners, inbox: inbox)
                        exits.loopExited()
                    }
                } catch {
                    for (descriptor, _) in listeners { POSIXSocket.close(descriptor) }
                    inbox.close()
                    exits.loopExited()
                    context.observer.internalError(.eventLoopFailure(error))
                }
            }
            state = .running(inboxes: inboxes, addresses: bound)
            return bound
        }
    }

    /// The bound addresses while running, else empty.
    public var addresses: [SocketAddress] {
        state.withLock { state in
            if case .running(_, let addresses) = state { return addresses }
            return []
        }
    }

    /// Stops accepting (listeners closed: new connections are refused), closes idle keep-alive connections,
    /// lets in-flight requests finish for up to ``HTTPServerConfiguration/shutdownGracePeriod`` (their responses
    /// carry `Connection: close`), then closes everything and returns. Safe to call more than once.
    public func shutdown() async {
        let inboxes: [LoopInbox]? = state.withLock { state in
            switch state {
            case .running(let inboxes, _):
                state = .stopping
                return inboxes
            case .idle:
                state = .stopped
                return []
            case .stopping, .stopped:
                return nil
            }
        }
        let deadline = SystemClock.monotonicNanoseconds() + context.configuration.shutdownGracePeriod.nanoseconds
        for inbox in inboxes ?? [] { inbox.post(.shutdown(deadline: deadline)) }
        await exits.waitForAll()
        state.withLock { $0 = .stopped }
    }
}

/// Why ``HTTPServer/start()`` failed.
public enum HTTPServerError: Error, Sendable, Equatable {
    /// `start()` was called twice.
    case alreadyStarted
    /// A listen address could not be bound (in use, not local, no permission).
    case bindFailed(SystemCallError)
}

/// Counts running loops; `shutdown()` waits for the count to reach zero.
private final class LoopExits: Sendable {
    private struct State {
        var running = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func expect(_ count: Int) {
        state.withLock { $0.running += count }
    }

    func loopExited() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            guard state.running == 0 else { return [] }
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func waitForAll() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                guard state.running > 0 else { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
