/// An error that knows the status it should be answered with; the default error mapper uses it, and
/// every client-input error of this module (forms, JSON bodies, cookies) conforms.
public protocol HTTPStatusError: Error {
    /// The response status (4xx for client mistakes).
    var status: HTTPStatus { get }
    /// A message safe to send to the client: no secrets, no echo of raw input.
    var publicMessage: String { get }
}

/// A plain ``HTTPStatusError`` for handlers: `throw HTTPError(.notFound, "no such member")`.
public struct HTTPError: HTTPStatusError, Sendable, Equatable {
    /// The response status.
    public let status: HTTPStatus
    /// The message sent to the client.
    public let publicMessage: String

    /// An error answered with `status` and `message`.
    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.publicMessage = message
    }
}
