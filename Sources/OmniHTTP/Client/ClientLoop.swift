/// What the client loop shares with the ``HTTPClient`` that started it (all `Sendable`).
struct ClientLoopContext: Sendable {
    let inbox: ClientInbox
    let tls: TLSClientContext
    let resolver: HostResolver
    let maxHeadSize: Int
    let maxBodySize: Int
}

/// The client's epoll loop: one thread per ``HTTPClient`` drives every outbound connection of that client.
///
/// Ownership rule (as the server's `EventLoop`): created on its thread by ``run(_:)`` and never leaves it, so its
/// state needs no lock. Other threads reach it only through its ``ClientInbox``; results leave it through each
/// exchange's ``ExchangeCompletion``.
final class ClientLoop {
    static let wakeToken = UInt64.max
    /// The longest single wait: deadlines are recomputed at least this often.
    static let maxWaitMilliseconds: Int32 = 1000

    let context: ClientLoopContext
    let epoll: Epoll
    let scratch: UnsafeMutableRawBufferPointer
    var exchanges: [UInt64: ClientExchange] = [:]
    /// The earliest deadline among ``exchanges`` (or later: removals do not lower it, an early wake-up is harmless).
    var nextDeadline = UInt64.max
    var now: UInt64
    var stopping = false

    /// Runs the loop on the calling thread until the client is released.
    static func run(_ context: ClientLoopContext) {
        let loop: ClientLoop
        do {
            loop = try ClientLoop(context: context)
        } catch {
            // Without a loop no request can run: fail whatever was already queued, refuse the rest.
            for message in context.inbox.close() {
                if case .start(let job) = message { job.completion.finish(.failure(.setupFailed(reason: "\(error)"))) }
            }
            return
        }
        loop.run()
    }

    private init(context: ClientLoopContext) throws(SystemCallError) {
        self.context = context
        self.epoll = try Epoll(capacity: 64)
        self.scratch = .allocate(byteCount: 64 * 1024, alignment: 16)
        self.now = SystemClock.monotonicNanoseconds()
        guard epoll.add(context.inbox.wakeDescriptor, token: Self.wakeToken, interest: .readable) else {
            scratch.deallocate()
            throw SystemCallError(call: "epoll_ctl(eventfd)", errno: 0)
        }
    }

    deinit {
        scratch.deallocate()
    }

    private func run() {
        while !stopping {
            do {
                try epoll.wait(timeoutMilliseconds: waitMilliseconds()) { event in
                    now = SystemClock.monotonicNanoseconds()
                    if event.token == Self.wakeToken {
                        for message in context.inbox.drain() { receive(message) }
                    } else if let exchange = exchanges[event.token] {
                        drive(exchange, hangup: event.hangup)
                    }
                }
            } catch {
                // Nothing can be watched any more: fail what is in flight and refuse the rest.
                break
            }
            now = SystemClock.monotonicNanoseconds()
            if now >= nextDeadline { expireDeadlines() }
        }
        for exchange in Array(exchanges.values) { finish(exchange, .failure(.connectionClosed)) }
        for message in context.inbox.close() {
            if case .start(let job) = message { job.completion.finish(.failure(.connectionClosed)) }
        }
    }

    private func waitMilliseconds() -> Int32 {
        guard !exchanges.isEmpty else { return -1 }
        guard nextDeadline > now else { return 0 }
        // Round up, so that the loop wakes at or after the deadline, never just before it.
        let milliseconds = (nextDeadline - now + 999_999) / 1_000_000
        return Int32(min(UInt64(Self.maxWaitMilliseconds), milliseconds))
    }

    private func receive(_ message: ClientMessage) {
        switch message {
        case .start(let job):
            start(job)
        case .resolved(let id, let outcome):
            guard let exchange = exchanges[id], exchange.phase == .resolving else { return }
            switch outcome {
            case .success(let addresses):
                exchange.addresses = addresses
                connectNext(exchange)
            case .failure(let error):
                finish(exchange, .failure(error))
            }
        case .cancel(let id):
            // The awaiting task was already resumed with `.cancelled`; closing the socket is what is left.
            if let exchange = exchanges[id] { finish(exchange, .failure(.cancelled)) }
        case .shutdown:
            stopping = true
        }
    }

    private func start(_ job: ExchangeJob) {
        // Cancelled between being posted and arriving here: nobody waits, open nothing.
        guard !job.completion.isFinished else { return }
        guard now < job.deadline else {
            job.completion.finish(.failure(.timeout))
            return
        }
        let exchange = ClientExchange(job: job, maxHeadSize: context.maxHeadSize, maxBodySize: context.maxBodySize)
        exchanges[job.id] = exchange
        nextDeadline = min(nextDeadline, job.deadline)
        if let address = job.url.numericAddress {
            // An IP literal needs no lookup.
            exchange.addresses = [address]
            connectNext(exchange)
            return
        }
        let inbox = context.inbox
        let completion = job.completion
        let id = job.id
        context.resolver.resolve(
            HostResolver.Lookup(
                host: job.url.host,
                port: job.url.port,
                isWanted: { !completion.isFinished },
                deliver: { inbox.post(.resolved(id: id, $0)) }
            )
        )
    }

    private func expireDeadlines() {
        nextDeadline = .max
        for exchange in Array(exchanges.values) {
            if now >= exchange.job.deadline {
                finish(exchange, .failure(.timeout))
            } else {
                nextDeadline = min(nextDeadline, exchange.job.deadline)
            }
        }
    }

    /// Delivers the outcome (unless the task was resumed already) and closes the connection.
    func finish(_ exchange: ClientExchange, _ outcome: ExchangeCompletion.Outcome) {
        exchanges.removeValue(forKey: exchange.id)
        closeSocket(exchange)
        exchange.job.completion.finish(outcome)
    }

    /// Unregisters and closes the exchange's socket, if any (between connection attempts, and at the end).
    func closeSocket(_ exchange: ClientExchange) {
        guard exchange.descriptor >= 0 else { return }
        if exchange.interest != nil { epoll.remove(exchange.descriptor) }
        // SSL_free before close: the session must not outlive its descriptor.
        exchange.tls = nil
        POSIXSocket.close(exchange.descriptor)
        exchange.descriptor = -1
        exchange.interest = nil
    }

    /// Makes epoll watch the exchange's socket for `interest`; false if epoll refused.
    func watch(_ exchange: ClientExchange, for interest: IOInterest) -> Bool {
        guard exchange.interest != interest else { return true }
        let wanted: EpollInterest = interest == .readable ? .readable : .writable
        let done =
            exchange.interest == nil
            ? epoll.add(exchange.descriptor, token: exchange.id, interest: wanted)
            : epoll.modify(exchange.descriptor, token: exchange.id, interest: wanted)
        if done { exchange.interest = interest }
        return done
    }
}
