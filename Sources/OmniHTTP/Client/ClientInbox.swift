import Synchronization

/// What the client loop is asked to do, from any thread.
enum ClientMessage: Sendable {
    /// Begin an exchange.
    case start(ExchangeJob)
    /// The resolver answered for exchange `id`.
    case resolved(id: UInt64, HostResolver.Outcome)
    /// The awaiting task was cancelled: close exchange `id`.
    case cancel(id: UInt64)
    /// The client was released: close everything and stop the thread.
    case shutdown
}

/// The thread-safe door into the client loop, woken through an eventfd (as the server's `LoopInbox`).
final class ClientInbox: Sendable {
    private struct State {
        var messages: [ClientMessage] = []
        var closed = false
    }

    /// Written and closed under the lock, so no post can hit a reused descriptor.
    let wakeDescriptor: Int32
    private let state = Mutex(State())

    init() throws(SystemCallError) {
        wakeDescriptor = try EventFD.make()
    }

    /// Queues `message` and wakes the loop; false once the loop has stopped.
    @discardableResult
    func post(_ message: ClientMessage) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.messages.append(message)
            if state.messages.count == 1 { EventFD.signal(wakeDescriptor) }
            return true
        }
    }

    /// Takes every queued message.
    func drain() -> [ClientMessage] {
        EventFD.drain(wakeDescriptor)
        return state.withLock { state in
            defer { state.messages = [] }
            return state.messages
        }
    }

    /// Refuses further posts, releases the eventfd and returns what was still queued.
    @discardableResult
    func close() -> [ClientMessage] {
        state.withLock { state in
            guard !state.closed else { return [] }
            state.closed = true
            POSIXSocket.close(wakeDescriptor)
            defer { state.messages = [] }
            return state.messages
        }
    }
}
