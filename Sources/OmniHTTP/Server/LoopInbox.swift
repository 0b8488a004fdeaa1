import Synchronization

/// The thread-safe door into an event loop: handler tasks post their responses here, the server posts
/// shutdown, and the loop is woken through its eventfd.
final class LoopInbox: Sendable {
    enum Message: Sendable {
        /// A handler finished for connection `id`.
        case response(connection: UInt64, HTTPResponse)
        /// Stop accepting, finish in-flight requests, close by the monotonic `deadline` at the latest.
        case shutdown(deadline: UInt64)
    }

    private struct State {
        var messages: [Message] = []
        var closed = false
    }

    /// The eventfd: written under the lock, and closed under it, so no post can hit a reused descriptor.
    let wakeDescriptor: Int32
    private let state = Mutex(State())

    init() throws(SystemCallError) {
        wakeDescriptor = try EventFD.make()
    }

    /// Queues `message` and wakes the loop; false when the loop has already stopped.
    @discardableResult
    func post(_ message: Message) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.messages.append(message)
            if state.messages.count == 1 { EventFD.signal(wakeDescriptor) }
            return true
        }
    }

    /// Takes every queued message (called by the loop when the eventfd is readable).
    func drain() -> [Message] {
        EventFD.drain(wakeDescriptor)
        return state.withLock { state in
            let messages = state.messages
            state.messages = []
            return messages
        }
    }

    /// Refuses further posts and releases the eventfd.
    func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            state.messages = []
            POSIXSocket.close(wakeDescriptor)
        }
    }
}
