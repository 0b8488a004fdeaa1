import FoundationEssentials
import OmniCrypto

/// 32 random bytes in `keys_dir/server-secret` (0600, created on first start): the HMAC key under
/// which short secrets such as OTPs are stored, so that a copy of the database alone does not let
/// anyone test the million possible codes offline.
public struct ServerSecret: Sendable {
    public let bytes: [UInt8]

    /// Loads the secret from `directory`, creating it on first start. A file readable by group or
    /// others, or of the wrong size, is refused.
    public static func load(directory: String) throws -> ServerSecret {
        try KeyFiles.ensureDirectory(directory)
        let path = directory + "/server-secret"
        return try KeyFiles.withExclusiveLock(directory + "/keys.lock") {
            if !KeyFiles.exists(path) {
                try KeyFiles.create(path, contents: try SecureRandom.bytes(count: 32), mode: 0o600)
            }
            _ = try KeyFiles.readPrivate(path)  // checks the mode
            let bytes = try KeyFiles.readFile(path)
            guard bytes.count == 32 else {
                throw KeyStoreError.invalidKeyFile(path: path, reason: "must hold exactly 32 bytes")
            }
            return ServerSecret(bytes: bytes)
        }
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// HMAC-SHA256 of `message` under the secret.
    public func mac(_ message: [UInt8]) throws -> [UInt8] {
        try HMAC.sha256(key: bytes, data: message)
    }
}
