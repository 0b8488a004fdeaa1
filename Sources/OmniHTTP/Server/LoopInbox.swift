/// What an event loop is asked to do from other threads: handler tasks post their responses, the
/// server posts shutdown.
enum LoopMessage: Sendable {
    /// A handler finished for connection `id`.
    case response(connection: UInt64, HTTPResponse)
    /// Stop accepting, finish in-flight requests, close by the monotonic `deadline` at the latest.
    case shutdown(deadline: UInt64)
}

/// The door into an event loop.
typealias LoopInbox = EventInbox<LoopMessage>
