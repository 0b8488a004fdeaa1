/// Decoded `name=value` pairs of a query string or an `application/x-www-form-urlencoded` body, in order.
public struct FormParameters: Sendable, Equatable, Sequence {
    /// One decoded pair.
    public struct Pair: Sendable, Equatable {
        /// The decoded name.
        public let name: String
        /// The decoded value (empty for `name` without `=`).
        public let value: String
    }

    /// The pairs in their original order.
    public private(set) var pairs: [Pair]

    /// Pairs built in code, e.g. to serialise a redirect query.
    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { Pair(name: $0.0, value: $0.1) }
    }

    /// Parses `a=1&b=x+y&c=%C3%A9` (WHATWG URL §5.1): `+` is a space, `%XX` escapes must be valid and the result
    /// UTF-8; empty pieces (`a=1&&b=2`) are skipped.
    public init(parsing text: Substring) throws(FormDecodingError) {
        pairs = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = piece.firstIndex(of: "=") {
                name = piece[..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                name = piece
                value = ""
            }
            pairs.append(
                Pair(
                    name: try PercentEncoding.decode(name, plusAsSpace: true),
                    value: try PercentEncoding.decode(value, plusAsSpace: true)
                )
            )
        }
    }

    /// Parses a form body; bytes that are not UTF-8 throw.
    public init(parsing bytes: [UInt8]) throws(FormDecodingError) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        try self.init(parsing: text[...])
    }

    /// Iterates the pairs.
    public func makeIterator() -> IndexingIterator<[Pair]> { pairs.makeIterator() }

    /// The first value of `name`, or nil.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The value of `name`, throwing if it is repeated: RFC 6749 §3.1 "Request and response parameters MUST NOT
    /// be included more than once."
    public func single(_ name: String) throws(FormDecodingError) -> String? {
        let values = values(for: name)
        guard values.count <= 1 else { throw .duplicateParameter(name) }
        return values.first
    }

    /// The names that appear more than once, in first-appearance order.
    public var duplicatedNames: [String] {
        var seen = Set<String>()
        var duplicated: [String] = []
        for pair in pairs where !seen.insert(pair.name).inserted && !duplicated.contains(pair.name) {
            duplicated.append(pair.name)
        }
        return duplicated
    }

    /// Throws for the first repeated parameter (RFC 6749 §3.1), optionally only among `names`.
    public func rejectDuplicates(among names: Set<String>? = nil) throws(FormDecodingError) {
        if let name = duplicatedNames.first(where: { names?.contains($0) ?? true }) {
            throw .duplicateParameter(name)
        }
    }

    /// Appends a pair.
    public mutating func append(_ name: String, _ value: String) {
        pairs.append(Pair(name: name, value: value))
    }

    /// `application/x-www-form-urlencoded` serialisation (also a valid query string).
    public var encoded: String {
        pairs.map { "\(PercentEncoding.formEncode($0.name))=\(PercentEncoding.formEncode($0.value))" }
            .joined(separator: "&")
    }
}
