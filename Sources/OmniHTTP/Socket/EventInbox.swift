import Synchronization

/// The thread-safe door into a loop thread (the server's event loops, the client's loop): other
/// threads post messages, the loop is woken through its eventfd and drains them.
final class EventInbox<Message: Sendable>: Sendable {
    private struct State {
        var messages: [Message] = []
        var closed = false
    }

    /// The eventfd: written and closed under the lock, so no post can hit a reused descriptor.
    let wakeDescriptor: Int32
    private let state: Mutex<State>

    init() throws(SystemCallError) {
        wakeDescriptor = try EventFD.make()
        state = Mutex(State())
    }

    /// Queues `message` and wakes the loop; false once the loop has stopped.
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
            defer { state.messages = [] }
            return state.messages
        }
    }

    /// Refuses further posts, releases the eventfd and returns what was still queued.
    @discardableResult
    func close() -> [Message] {
        state.withLock { state in
            guard !state.closed else { return [] }
            state.closed = true
            POSIXSocket.close(wakeDescriptor)
            defer { state.messages = [] }
            return state.messages
        }
    }
}
