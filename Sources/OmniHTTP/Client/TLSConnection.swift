import COpenSSL
import CShims
import Glibc

/// One TLS client session over a connected non-blocking socket: handshake, reads and writes that report
/// `WANT_READ`/`WANT_WRITE` as the readiness to wait for. Owned by the client loop thread.
///
/// Verification (RFC 9110 §4.3.4, RFC 6125): the chain must lead to a trusted CA and the certificate must name the
/// host we asked for, as a DNS name (`SSL_set1_host`) or, for an IP literal, an IP address SAN. SNI carries DNS
/// names only (RFC 6066 §3: literal IP addresses are not permitted).
final class TLSConnection {
    private let ssl: OpaquePointer

    init(context: TLSClientContext, descriptor: Int32, host: String, isIPAddress: Bool) throws(HTTPClientError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.context) else {
            throw .tlsFailure(reason: "SSL_new: \(TLSClientContext.drainErrors())")
        }
        self.ssl = ssl
        let configured: Bool
        if isIPAddress {
            configured = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1
        } else {
            configured = SSL_set1_host(ssl, host) == 1 && omni_ssl_set_sni(ssl, host) == 1
        }
        guard configured, SSL_set_fd(ssl, descriptor) == 1 else {
            throw .tlsFailure(reason: "cannot configure the session: \(TLSClientContext.drainErrors())")
        }
        SSL_set_connect_state(ssl)
    }

    deinit {
        SSL_free(ssl)
    }

    enum HandshakeStep {
        case done
        case wait(IOInterest)
        case failed(HTTPClientError)
    }

    func handshake() -> HandshakeStep {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .done }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wait(.readable)
        case SSL_ERROR_WANT_WRITE: return .wait(.writable)
        default: return .failed(.tlsFailure(reason: handshakeFailureReason()))
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        ERR_clear_error()
        let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return .bytes(Int(count)) }
        let error = SSL_get_error(ssl, count)
        switch error {
        case SSL_ERROR_WANT_READ: return .wait(.readable)
        case SSL_ERROR_WANT_WRITE: return .wait(.writable)
        case SSL_ERROR_ZERO_RETURN: return .endOfFile
        case SSL_ERROR_SYSCALL where omni_errno() == 0 || ERR_peek_error() == 0: return .truncated
        default:
            // OpenSSL 3 reports a TCP close without close_notify as an SSL error ("unexpected eof while reading").
            if ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING { return .truncated }
            ERR_clear_error()
            return .failed(.connectionClosed)
        }
    }

    func write(_ bytes: [UInt8], from offset: Int) -> TransportWrite {
        ERR_clear_error()
        let count = bytes.withUnsafeBytes { raw in
            SSL_write(ssl, raw.baseAddress.map { $0 + offset }, Int32(clamping: raw.count - offset))
        }
        if count > 0 { return .wrote(Int(count)) }
        switch SSL_get_error(ssl, count) {
        case SSL_ERROR_WANT_READ: return .wait(.readable)
        case SSL_ERROR_WANT_WRITE: return .wait(.writable)
        default:
            ERR_clear_error()
            return .failed(.connectionClosed)
        }
    }

    /// The certificate check's verdict when it failed (`hostname mismatch`, `unable to get local issuer
    /// certificate`), else the error queue (`no protocols available`, `wrong version number`).
    private func handshakeFailureReason() -> String {
        let verdict = SSL_get_verify_result(ssl)
        if verdict != X509_V_OK {
            ERR_clear_error()
            return "certificate verify failed: \(String(cString: X509_verify_cert_error_string(verdict)))"
        }
        let queued = ERR_peek_error()
        if queued == 0 { return "connection closed during the handshake" }
        return TLSClientContext.drainErrors()
    }
}
