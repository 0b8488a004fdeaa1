import Synchronization

/// Counts open connections across all loops, for ``HTTPServerConfiguration/maxConnections``.
final class ConnectionCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// What every loop of one server shares (all `Sendable`).
struct LoopContext: Sendable {
    let configuration: HTTPServerConfiguration
    let router: Router
    let observer: any HTTPServerObserver
    let errorMapper: HTTPErrorMapper
    let connections: ConnectionCounter
}

/// One epoll event loop: its own thread, its own listeners (SO_REUSEPORT), its connections.
///
/// Ownership rule: an `EventLoop` is created on its thread by ``run(context:listeners:inbox:)`` and never leaves it,
/// so its state needs no lock. Other threads reach it only through its ``LoopInbox``.
final class EventLoop {
    static let wakeToken = UInt64.max
    /// Connection tokens start above listener indices.
    static let firstConnectionID: UInt64 = 1 << 32
    static let tickNanoseconds: UInt64 = 100_000_000
    static let lingerNanoseconds: UInt64 = 2_000_000_000
    /// Pipelined bytes buffered while a handler runs; past this the loop stops reading the connection.
    static let maxBufferedWhileBusy = 64 * 1024
    /// Output that stops further parsing until it drains (backpressure).
    static let outputHighWatermark = 64 * 1024

    let context: LoopContext
    let epoll: Epoll
    let inbox: LoopInbox
    let scratch = ReadScratch()
    var listeners: [(descriptor: Int32, address: SocketAddress)]
    var listenersPausedUntil: UInt64 = 0
    var connections: [UInt64: Connection] = [:]
    var nextConnectionID = EventLoop.firstConnectionID
    var shutdownDeadline: UInt64?
    var now: UInt64
    var dateSecond = 0
    var dateLine: [UInt8] = []
    var nextScan: UInt64 = 0

    let requestTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64

    /// Runs a loop on the calling thread until shutdown completes; then closes everything it owns.
    static func run(context: LoopContext, listeners: [(Int32, SocketAddress)], inbox: LoopInbox) {
        let loop: EventLoop
        do {
            loop = try EventLoop(context: context, listeners: listeners, inbox: inbox)
        } catch {
            context.observer.internalError(.eventLoopFailure(error))
            for (descriptor, _) in listeners { POSIXSocket.close(descriptor) }
            inbox.close()
            return
        }
        loop.run()
    }

    private init(context: LoopContext, listeners: [(Int32, SocketAddress)], inbox: LoopInbox) throws(SystemCallError) {
        self.context = context
        self.epoll = try Epoll()
        self.inbox = inbox
        self.listeners = listeners.map { (descriptor: $0.0, address: $0.1) }
        self.now = SystemClock.monotonicNanoseconds()
        self.requestTimeout = context.configuration.requestTimeout.nanoseconds
        self.idleTimeout = context.configuration.idleTimeout.nanoseconds
        self.writeTimeout = context.configuration.writeTimeout.nanoseconds
        guard epoll.add(inbox.wakeDescriptor, token: Self.wakeToken, interest: .readable) else {
            throw SystemCallError(call: "epoll_ctl(eventfd)", errno: 0)
        }
        resumeListeners()
        refreshDate()
    }

    private func run() {
        while true {
            let waitMilliseconds: Int32 =
                connections.isEmpty && listenersPausedUntil == 0 && shutdownDeadline == nil ? -1 : 100
            do {
                try epoll.wait(timeoutMilliseconds: waitMilliseconds) { event in
                    now = SystemClock.monotonicNanoseconds()
                    handle(event)
                }
            } catch {
                // Nothing can be watched any more: close what this loop owns rather than spin.
                context.observer.internalError(.eventLoopFailure(error))
                for connection in Array(connections.values) { close(connection) }
                break
            }
            now = SystemClock.monotonicNanoseconds()
            refreshDate()
            if now >= nextScan {
                nextScan = now + Self.tickNanoseconds
                scanDeadlines()
            }
            if let deadline = shutdownDeadline {
                if connections.isEmpty { break }
                if now >= deadline {
                    for connection in Array(connections.values) { close(connection) }
                    break
                }
            }
        }
        closeListeners()
        inbox.close()
    }

    private func handle(_ event: EpollEvent) {
        if event.token == Self.wakeToken {
            for message in inbox.drain() { receive(message) }
        } else if event.token < Self.firstConnectionID {
            acceptConnections(listenerIndex: Int(event.token))
        } else if let connection = connections[event.token] {
            if event.writable || (event.hangup && connection.hasPendingOutput) {
                if flush(connection) { resumeAfterFlush(connection) }
            }
            if event.readable || event.hangup, connections[connection.id] != nil {
                readAvailable(connection, hangup: event.hangup)
            }
        }
    }

    private func receive(_ message: LoopMessage) {
        switch message {
        case .response(let id, let response):
            // The connection may have been closed (peer reset, shutdown deadline) while the handler ran.
            guard let connection = connections[id], connection.phase == .awaitingHandler else { return }
            completeAsync(connection, response: response)
        case .shutdown(let deadline):
            beginShutdown(deadline: deadline)
        }
    }

    private func beginShutdown(deadline: UInt64) {
        guard shutdownDeadline == nil else { return }
        shutdownDeadline = deadline
        closeListeners()
        for connection in Array(connections.values) {
            if connection.isIdle {
                close(connection)
            } else {
                // Let the request under way finish, then close (its response says `Connection: close`).
                connection.closeAfterCurrentRequest = true
            }
        }
    }

    // MARK: Accepting

    private func acceptConnections(listenerIndex: Int) {
        guard listenerIndex < listeners.count else { return }
        let listener = listeners[listenerIndex]
        // Bounded per wake-up so that one busy listener cannot starve established connections.
        for _ in 0..<64 {
            switch POSIXSocket.accept(listener.descriptor) {
            case .accepted(let descriptor, let remote):
                admit(descriptor, remote: remote)
            case .wouldBlock:
                return
            case .retry:
                continue
            case .outOfResources(let error):
                // EMFILE/ENFILE: the pending connection stays in the backlog and the listener stays readable;
                // pause it briefly rather than spin on epoll.
                context.observer.internalError(.acceptFailed(SystemCallError(call: "accept4", errno: error)))
                pauseListeners()
                return
            case .failed(let error):
                context.observer.internalError(.acceptFailed(SystemCallError(call: "accept4", errno: error)))
                return
            }
        }
    }

    private func admit(_ descriptor: Int32, remote: SocketAddress?) {
        let open = context.connections.value.wrappingAdd(1, ordering: .relaxed).newValue
        guard open <= context.configuration.maxConnections else {
            context.connections.value.wrappingSubtract(1, ordering: .relaxed)
            POSIXSocket.writeOnce(descriptor, ResponseEncoder.overCapacity)
            POSIXSocket.close(descriptor)
            context.observer.connectionEvent(.rejectedOverCapacity(remote))
            return
        }
        let id = nextConnectionID
        nextConnectionID += 1
        let connection = Connection(
            id: id,
            descriptor: descriptor,
            remoteAddress: remote,
            limits: context.configuration.parserLimits,
            now: now
        )
        guard epoll.add(descriptor, token: id, interest: .readable) else {
            context.connections.value.wrappingSubtract(1, ordering: .relaxed)
            POSIXSocket.close(descriptor)
            return
        }
        connection.setDeadline(.request, at: now + requestTimeout)
        connections[id] = connection
        context.observer.connectionEvent(.accepted(remote))
    }

    private func pauseListeners() {
        for listener in listeners { epoll.remove(listener.descriptor) }
        listenersPausedUntil = now + Self.tickNanoseconds
    }

    private func resumeListeners() {
        listenersPausedUntil = 0
        for (index, listener) in listeners.enumerated()
        where !epoll.add(listener.descriptor, token: UInt64(index), interest: .readable) {
            _ = epoll.modify(listener.descriptor, token: UInt64(index), interest: .readable)
        }
    }

    private func closeListeners() {
        for listener in listeners {
            epoll.remove(listener.descriptor)
            POSIXSocket.close(listener.descriptor)
        }
        listeners = []
        listenersPausedUntil = 0
    }

    // MARK: Time

    private func refreshDate() {
        let second = SystemClock.wallSeconds()
        if second != dateSecond {
            dateSecond = second
            dateLine = ResponseEncoder.dateLine(epochSeconds: second)
        }
    }

    /// The per-connection deadline scan, every tick: O(connections) and never per byte.
    private func scanDeadlines() {
        if listenersPausedUntil != 0 && now >= listenersPausedUntil && shutdownDeadline == nil { resumeListeners() }
        if shutdownDeadline != nil {
            // A response finished flushing since shutdown began: nothing more will come on that connection.
            for connection in Array(connections.values) where connection.isIdle { close(connection) }
        }
        for connection in Array(connections.values) where connection.deadline != 0 && now >= connection.deadline {
            expire(connection)
        }
    }

    private func expire(_ connection: Connection) {
        switch connection.deadlineKind {
        case .none:
            return
        case .request:
            guard !connection.isIdle else {
                // Connected but never sent a byte: nothing to answer.
                close(connection)
                return
            }
            context.observer.connectionEvent(.timedOut(connection.remoteAddress, .request))
            // RFC 9110 §15.5.9: 408 tells the client the server closes rather than keep waiting.
            respondWithError(connection, status: .requestTimeout, reason: "request not received in time")
        case .idle:
            context.observer.connectionEvent(.timedOut(connection.remoteAddress, .idle))
            close(connection)
        case .write:
            context.observer.connectionEvent(.timedOut(connection.remoteAddress, .write))
            close(connection)
        case .linger:
            close(connection)
        }
    }
}
