/// A set of scope tokens (RFC 6749 §3.3), kept in the order first given so that responses are stable.
public struct ScopeSet: Sendable, Equatable, Hashable, Sequence, CustomStringConvertible {
    public private(set) var tokens: [String]

    public init<S: Sequence>(_ tokens: S) where S.Element == String {
        var seen: Set<String> = []
        self.tokens = tokens.filter { seen.insert($0).inserted }
    }

    /// Parses a space-delimited `scope` parameter. RFC 6749 §3.3: `scope = scope-token *( SP scope-token )`,
    /// `scope-token = 1*NQCHAR`; an empty or malformed value is `invalid_scope`.
    public static func parse(_ text: String) throws(OAuthError) -> ScopeSet {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.allSatisfy({ isValidToken($0) }) else {
            throw .invalidScope("scope must be space-separated scope tokens")
        }
        return ScopeSet(parts.map(String.init))
    }

    /// RFC 6749 §3.3: NQCHAR = %x21 / %x23-5B / %x5D-7E.
    public static func isValidToken<S: StringProtocol>(_ token: S) -> Bool {
        !token.isEmpty
            && token.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }

    public func contains(_ token: String) -> Bool { tokens.contains(token) }
    public func isSubset(of other: ScopeSet) -> Bool { tokens.allSatisfy(other.contains) }
    public var isEmpty: Bool { tokens.isEmpty }
    public func makeIterator() -> IndexingIterator<[String]> { tokens.makeIterator() }
    /// The space-delimited form used in `scope` claims and responses.
    public var description: String { tokens.joined(separator: " ") }

    public static func == (lhs: ScopeSet, rhs: ScopeSet) -> Bool { Set(lhs.tokens) == Set(rhs.tokens) }
    public func hash(into hasher: inout Hasher) { hasher.combine(Set(tokens)) }
}
