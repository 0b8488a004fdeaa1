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

/// The door into the client loop (the same kind as the server loops' ``LoopInbox``).
typealias ClientInbox = EventInbox<ClientMessage>
