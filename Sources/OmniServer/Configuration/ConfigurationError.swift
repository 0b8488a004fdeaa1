/// Why a configuration file was refused: one line naming the file, the key path and the reason.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The dotted key path, e.g. `clients[1].redirect_uris[0]`; empty for the whole file.
    public let key: String
    /// What is wrong with it.
    public let reason: String
    /// The configuration file, when known.
    public var file: String?

    public init(key: String, reason: String, file: String? = nil) {
        self.key = key
        self.reason = reason
        self.file = file
    }

    public var description: String {
        let location = [file, key.isEmpty ? nil : key].compactMap { $0 }.joined(separator: ": ")
        return location.isEmpty ? reason : location + ": " + reason
    }
}
