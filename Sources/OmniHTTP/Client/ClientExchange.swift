/// Everything the client loop needs to run one request, built by ``HTTPClient/execute(_:timeout:)``.
struct ExchangeJob: Sendable {
    let id: UInt64
    let url: ClientURL
    /// The serialised request.
    let bytes: [UInt8]
    let isHeadRequest: Bool
    /// Monotonic nanoseconds by which the whole exchange must be over.
    let deadline: UInt64
    let completion: ExchangeCompletion
}

/// One request's life on the client loop: resolve → connect (each address in turn) → TLS handshake → write → read.
///
/// Ownership rule: created, driven and dropped on the client loop thread only, like the server's `Connection`.
final class ClientExchange {
    enum Phase {
        case resolving
        case connecting
        case handshaking
        case writing
        case reading
    }

    let job: ExchangeJob
    var phase = Phase.resolving
    var addresses: [SocketAddress] = []
    var nextAddress = 0
    var lastConnectError: SystemCallError?
    /// The socket, or -1 while resolving or between connection attempts.
    var descriptor: Int32 = -1
    var tls: TLSConnection?
    /// What epoll watches for on ``descriptor``; nil when it is not registered.
    var interest: IOInterest?
    var written = 0
    var parser: HTTPResponseParser

    init(job: ExchangeJob, maxHeadSize: Int, maxBodySize: Int) {
        self.job = job
        self.parser = HTTPResponseParser(
            maxHeadSize: maxHeadSize,
            maxBodySize: maxBodySize,
            isHeadRequest: job.isHeadRequest
        )
    }

    var id: UInt64 { job.id }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        if let tls { return tls.read(into: buffer) }
        return PlainTransport.read(descriptor, into: buffer)
    }

    func write() -> TransportWrite {
        if let tls { return tls.write(job.bytes, from: written) }
        return PlainTransport.write(descriptor, job.bytes, from: written)
    }
}
