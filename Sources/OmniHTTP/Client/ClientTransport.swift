/// What a non-blocking transport waits for before the operation can go on.
enum IOInterest: Equatable {
    case readable
    case writable
}

/// The outcome of reading from a plain or TLS connection.
enum TransportRead {
    case bytes(Int)
    case wait(IOInterest)
    /// The peer closed cleanly (TCP FIN, or TLS close_notify).
    case endOfFile
    /// The TCP connection ended without TLS close_notify: complete only if the framing says so (RFC 9112 §9.8).
    case truncated
    case failed(HTTPClientError)
}

/// The outcome of writing to a plain or TLS connection.
enum TransportWrite {
    case wrote(Int)
    case wait(IOInterest)
    case failed(HTTPClientError)
}

/// Plain TCP reads and writes in the client's vocabulary.
enum PlainTransport {
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        switch POSIXSocket.read(fd, into: buffer) {
        case .bytes(let count): .bytes(count)
        case .wouldBlock: .wait(.readable)
        case .endOfFile: .endOfFile
        case .failed: .failed(.connectionClosed)
        }
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> TransportWrite {
        switch POSIXSocket.write(fd, bytes, from: offset) {
        case .wrote(let count): .wrote(count)
        case .wouldBlock: .wait(.writable)
        case .failed: .failed(.connectionClosed)
        }
    }
}
