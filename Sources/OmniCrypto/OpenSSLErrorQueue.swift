import COpenSSL

/// OpenSSL keeps a per-thread error queue; every failure path drains it so that a stale
/// entry never explains a later, unrelated failure.
enum OpenSSLErrorQueue {
    /// The first queued error as OpenSSL's reason string (no key material: OpenSSL's strings
    /// name library, function and reason only), clearing the queue.
    static func drain() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A `CryptoError.openSSL` for `operation`, with the drained reason.
    static func error(_ operation: String) -> CryptoError {
        .openSSL(operation: operation, reason: drain())
    }
}
