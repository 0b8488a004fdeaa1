import COpenSSL
import CShims

/// The client's OpenSSL context: TLS 1.2 or later, peer verification against the system CA store plus an optional
/// extra CA file. Every `SSL_CTX` pointer of `OmniHTTP` stays in this file and `TLSConnection.swift`.
///
/// `@unchecked Sendable`: the context is configured in `init` and never changed afterwards; it crosses to the client
/// loop thread once, and OpenSSL guards the reference count and session cache of a shared `SSL_CTX` itself.
final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    init(additionalTrustedCAFile: String?) throws(HTTPClientError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .setupFailed(reason: "SSL_CTX_new: \(Self.drainErrors())")
        }
        self.context = context
        // RFC 8996 and RFC 9325 §3.1.1: TLS 1.0 and 1.1 are deprecated; WeChat's API speaks TLS 1.2 and 1.3.
        guard omni_ssl_ctx_client_defaults(context) == 1 else {
            throw .setupFailed(reason: "cannot require TLS 1.2: \(Self.drainErrors())")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard SSL_CTX_set_default_verify_paths(context) == 1 else {
            throw .setupFailed(reason: "cannot use the system CA store: \(Self.drainErrors())")
        }
        if let additionalTrustedCAFile {
            guard SSL_CTX_load_verify_locations(context, additionalTrustedCAFile, nil) == 1 else {
                throw .setupFailed(reason: "cannot load CA file \(additionalTrustedCAFile): \(Self.drainErrors())")
            }
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// Empties this thread's OpenSSL error queue into one line (`error:0A000086:SSL routines::certificate verify
    /// failed`), or `unknown error`.
    static func drainErrors() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown error" : messages.joined(separator: "; ")
    }
}
