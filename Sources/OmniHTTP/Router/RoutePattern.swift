/// A route pattern such as `/interaction/:uid/otp/send`: literal segments and `:name` parameters.
struct RoutePattern: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let text: String
    let segments: [Segment]

    /// Patterns are written by programmers, not clients: a malformed one stops the program at start-up.
    init(_ text: String) {
        precondition(text.hasPrefix("/"), "route pattern must start with '/': \(text)")
        self.text = text
        var names = Set<String>()
        self.segments = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { piece in
            if piece.hasPrefix(":") {
                let name = String(piece.dropFirst())
                precondition(!name.isEmpty && names.insert(name).inserted, "bad parameter in route pattern \(text)")
                return .parameter(name)
            }
            return .literal(String(piece))
        }
    }

    var isStatic: Bool {
        segments.allSatisfy { if case .literal = $0 { return true } else { return false } }
    }

    /// Matches decoded path segments; returns the parameters, or nil.
    func match(_ pathSegments: [String]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let literal):
                guard literal == value else { return nil }
            case .parameter(let name):
                // An empty value (`/interaction//otp`) never fills a parameter.
                guard !value.isEmpty else { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }

    /// Literal segments win over parameters, position by position (`/a/new` beats `/a/:id`).
    func isMoreSpecific(than other: RoutePattern) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) {
            switch (mine, theirs) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }
}
