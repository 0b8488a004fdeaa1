/// Why the key store could not load or change keys. Never carries key bytes: only paths,
/// modes and reasons.
public enum KeyStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A private key file is readable or writable by group or others.
    case insecureKeyFile(path: String, mode: UInt32)
    /// `keys.json` names a key whose PEM file is missing.
    case missingKeyFile(path: String)
    /// A PEM file does not hold a usable RSA private key.
    case invalidKeyFile(path: String, reason: String)
    /// A PEM's RFC 7638 thumbprint differs from the `kid` its file name and metadata claim.
    case keyIDMismatch(path: String, expected: String, actual: String)
    /// `keys.json` cannot be parsed.
    case invalidMetadata(path: String, reason: String)
    /// A file-system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// No key can sign (the metadata lists none).
    case noSigningKey

    /// A one-line explanation naming the file, safe to log.
    public var description: String {
        switch self {
        case .insecureKeyFile(let path, let mode):
            return
                "refusing key file \(path): mode \(String(mode & 0o777, radix: 8)) is group/world accessible (chmod 600)"
        case .missingKeyFile(let path): return "key file \(path) is missing"
        case .invalidKeyFile(let path, let reason): return "key file \(path) is invalid: \(reason)"
        case .keyIDMismatch(let path, let expected, let actual):
            return "key file \(path) has thumbprint \(actual), expected \(expected)"
        case .invalidMetadata(let path, let reason): return "key metadata \(path) is invalid: \(reason)"
        case .io(let operation, let path, let errno): return "\(operation) \(path) failed (errno \(errno))"
        case .noSigningKey: return "no signing key"
        }
    }
}
