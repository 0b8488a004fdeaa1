import COpenSSL

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The SHA-256 digest of `data`.
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        oneShotDigest(data, byteCount: byteCount, COpenSSL.SHA256)
    }
}

/// SHA-384 (FIPS 180-4).
public enum SHA384 {
    /// The digest length in bytes.
    public static let byteCount = 48

    /// The SHA-384 digest of `data`.
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        oneShotDigest(data, byteCount: byteCount, COpenSSL.SHA384)
    }
}

/// SHA-512 (FIPS 180-4).
public enum SHA512 {
    /// The digest length in bytes.
    public static let byteCount = 64

    /// The SHA-512 digest of `data`.
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        oneShotDigest(data, byteCount: byteCount, COpenSSL.SHA512)
    }
}

/// Runs one of OpenSSL's one-shot digest functions (`SHA256(d, n, md)` and its siblings) over `data`.
private func oneShotDigest<Bytes: Collection>(
    _ data: Bytes,
    byteCount: Int,
    _ function: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?
) -> [UInt8] where Bytes.Element == UInt8 {
    var out = [UInt8](repeating: 0, count: byteCount)
    withBytes(data) { input in
        out.withUnsafeMutableBufferPointer { _ = function(input.baseAddress, input.count, $0.baseAddress) }
    }
    return out
}
