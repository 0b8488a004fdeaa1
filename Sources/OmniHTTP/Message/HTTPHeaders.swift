/// Header fields in the order received or added, with case-insensitive lookup (RFC 9110 §5.1).
///
/// Adding a field validates it: a name must be a token and a value may not contain CR, LF, NUL or other
/// controls (RFC 9110 §5.5), so a value taken from a client can never inject another header or a response.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One field line.
    public struct Field: Sendable, Hashable {
        /// The name as written (compare with ``HTTPHeaders/subscript(_:)``, which ignores case).
        public let name: String
        /// The value, without leading or trailing whitespace.
        public let value: String
    }

    private var fields: [Field]

    /// No fields.
    public init() {
        fields = []
        fields.reserveCapacity(8)
    }

    /// Literal headers from code, e.g. `["Cache-Control": "no-store"]`; an invalid literal is a programming error.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init()
        for (name, value) in elements {
            do {
                try add(name, value)
            } catch {
                preconditionFailure("invalid header literal \(name): \(error)")
            }
        }
    }

    /// The number of field lines.
    public var count: Int { fields.count }

    /// Iterates the field lines in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        for field in fields where ByteClass.equalsIgnoringCase(field.name, name) {
            return field.value
        }
        return nil
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { ByteClass.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// Whether at least one `name` field is present.
    public func contains(_ name: String) -> Bool {
        self[name] != nil
    }

    /// Appends a field line after validating it.
    public mutating func add(_ name: String, _ value: String) throws(HTTPHeaderError) {
        guard ByteClass.isToken(name) else { throw .invalidName(name) }
        let trimmed = Self.trimmed(value)
        // RFC 9110 §5.5: CR, LF and NUL are never allowed in a field value; other controls are refused too.
        guard trimmed.utf8.allSatisfy(ByteClass.isFieldValueChar) else { throw .invalidValue(name: name) }
        fields.append(Field(name: name, value: trimmed))
    }

    /// Replaces every `name` field by one with `value`.
    public mutating func set(_ name: String, _ value: String) throws(HTTPHeaderError) {
        var copy = self
        copy.remove(name)
        try copy.add(name, value)
        self = copy
    }

    /// Removes every `name` field.
    public mutating func remove(_ name: String) {
        fields.removeAll { ByteClass.equalsIgnoringCase($0.name, name) }
    }

    /// Appends a field the parser has already validated.
    mutating func appendValidated(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// `Name: value` lines.
    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// Values of a comma-separated list field (RFC 9110 §5.6.1), all lines combined, trimmed, empty elements dropped.
    public func listValues(for name: String) -> [String] {
        values(for: name).flatMap { $0.split(separator: ",") }.map { Self.trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    /// Whether the list field `name` contains `token` (case-insensitive), e.g. `Connection: close`.
    public func listContains(_ name: String, token: String) -> Bool {
        listValues(for: name).contains { ByteClass.equalsIgnoringCase($0, token) }
    }

    static func trimmed(_ value: String) -> String {
        let utf8 = value.utf8
        guard let first = utf8.firstIndex(where: { $0 != ByteClass.space && $0 != ByteClass.tab }) else { return "" }
        guard let last = utf8.lastIndex(where: { $0 != ByteClass.space && $0 != ByteClass.tab }) else { return "" }
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return value }
        return String(value[first...last])
    }
}

/// A header refused by ``HTTPHeaders/add(_:_:)``.
public enum HTTPHeaderError: Error, Sendable, Equatable {
    /// The name is empty or not a token (RFC 9110 §5.1).
    case invalidName(String)
    /// The value contains CR, LF, NUL or another control character (RFC 9110 §5.5).
    case invalidValue(name: String)
}
