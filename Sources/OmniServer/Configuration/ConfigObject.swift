/// A JSON object being read as configuration: typed getters that name the key path in every error,
/// and a check that refuses keys nobody reads (BRIEF: "An unknown key is a configuration error naming it").
struct ConfigObject {
    let path: String
    let fields: [String: JSONValue]

    init(_ value: JSONValue, path: String) throws {
        guard case .object(let fields) = value else {
            throw ConfigurationError(key: path, reason: "must be an object, found \(value.typeName)")
        }
        self.path = path
        self.fields = fields
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Throws for the first key (in sorted order, so the message is stable) not in `allowed`.
    func requireOnly(_ allowed: Set<String>) throws {
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConfigurationError(key: keyPath(unknown), reason: "unknown key")
        }
    }

    func has(_ key: String) -> Bool { fields[key] != nil && fields[key] != .null }

    func string(_ key: String) throws -> String? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .string(let text) = value else {
            throw ConfigurationError(key: keyPath(key), reason: "must be a string, found \(value.typeName)")
        }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else {
            throw ConfigurationError(key: keyPath(key), reason: "is required")
        }
        guard !text.isEmpty else { throw ConfigurationError(key: keyPath(key), reason: "must not be empty") }
        return text
    }

    func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let value = fields[key], value != .null else { return fallback }
        guard case .integer(let number) = value else {
            throw ConfigurationError(key: keyPath(key), reason: "must be a whole number, found \(value.typeName)")
        }
        guard let result = Int(exactly: number), range.contains(result) else {
            throw ConfigurationError(
                key: keyPath(key),
                reason: "must be between \(range.lowerBound) and \(range.upperBound)"
            )
        }
        return result
    }

    func stringList(_ key: String) throws -> [String]? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .array(let items) = value else {
            throw ConfigurationError(key: keyPath(key), reason: "must be an array of strings")
        }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item, !text.isEmpty else {
                throw ConfigurationError(key: keyPath(key) + "[\(index)]", reason: "must be a non-empty string")
            }
            return text
        }
    }

    func object(_ key: String) throws -> ConfigObject? {
        guard let value = fields[key], value != .null else { return nil }
        return try ConfigObject(value, path: keyPath(key))
    }

    func objectList(_ key: String) throws -> [ConfigObject] {
        guard let value = fields[key], value != .null else { return [] }
        guard case .array(let items) = value else {
            throw ConfigurationError(key: keyPath(key), reason: "must be an array of objects")
        }
        return try items.enumerated().map { try ConfigObject($1, path: keyPath(key) + "[\($0)]") }
    }
}
