/// An asynchronous handler: runs on the Swift concurrency pool, may await anything.
public typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// A synchronous handler run directly on the event loop thread: it must be cheap and never block (constant
/// responses such as health checks, JWKS or discovery documents).
public typealias HTTPInlineHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// How a route runs.
enum RouteHandler: Sendable {
    case async(HTTPHandler)
    case inline(HTTPInlineHandler)
}

/// One registered route.
struct Route: Sendable {
    let method: HTTPMethod
    let pattern: RoutePattern
    let handler: RouteHandler
}

/// The outcome of routing a request.
enum RouteMatch {
    case found(Route, parameters: [String: String])
    /// The path exists for these methods only → 405 with `Allow` (RFC 9110 §15.5.6).
    case methodNotAllowed([HTTPMethod])
    case notFound
}

/// Maps method and path to handlers. Static paths are found with one dictionary lookup; patterns with
/// `:name` parameters are tried in order of specificity.
///
/// ```swift
/// var router = Router()
/// router.inline(.GET, "/healthz") { _ in .text("ok") }
/// router.post("/interaction/:uid/otp/send") { request in ... }
/// ```
public struct Router: Sendable {
    private var staticRoutes: [String: [Route]] = [:]
    private var patternRoutes: [Route] = []

    /// An empty router (everything is 404).
    public init() {}

    /// Registers an async handler for `method` and `pattern`.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        add(Route(method: method, pattern: RoutePattern(pattern), handler: .async(handler)))
    }

    /// Registers a synchronous handler run on the event loop thread (see ``HTTPInlineHandler``).
    public mutating func inline(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPInlineHandler) {
        add(Route(method: method, pattern: RoutePattern(pattern), handler: .inline(handler)))
    }

    /// `GET` (HEAD requests are answered by it too, RFC 9110 §9.3.2).
    public mutating func get(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.GET, pattern, handler) }
    /// `POST`.
    public mutating func post(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.POST, pattern, handler) }
    /// `PUT`.
    public mutating func put(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.PUT, pattern, handler) }
    /// `PATCH`.
    public mutating func patch(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.PATCH, pattern, handler) }
    /// `DELETE`.
    public mutating func delete(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.DELETE, pattern, handler) }

    private mutating func add(_ route: Route) {
        let existing = route.pattern.isStatic ? staticRoutes[route.pattern.text, default: []] : patternRoutes
        precondition(
            !existing.contains { $0.method == route.method && $0.pattern.segments == route.pattern.segments },
            "route registered twice: \(route.method) \(route.pattern.text)"
        )
        if route.pattern.isStatic {
            staticRoutes[route.pattern.text, default: []].append(route)
        } else {
            patternRoutes.append(route)
        }
    }

    /// Finds the route for `method` and the still-encoded `path`. Throws when a segment has an invalid
    /// percent-escape or is not UTF-8 (→ 400).
    func match(method: HTTPMethod, path: String) throws(FormDecodingError) -> RouteMatch {
        if !path.utf8.contains(UInt8(ascii: "%")), let routes = staticRoutes[path] {
            return select(method: method, among: routes.map { ($0, [:]) })
        }
        let segments = try path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            (segment) throws(FormDecodingError) -> String in
            try PercentEncoding.decode(segment, plusAsSpace: false)
        }
        var candidates: [(Route, [String: String])] = []
        if path.utf8.contains(UInt8(ascii: "%")) {
            // A decoded segment may now equal a literal: `/%68ealthz` is `/healthz` (RFC 3986 §6.2.2.2).
            for routes in staticRoutes.values {
                for route in routes where route.pattern.match(segments) != nil { candidates.append((route, [:])) }
            }
        }
        for route in patternRoutes {
            if let parameters = route.pattern.match(segments) { candidates.append((route, parameters)) }
        }
        // Among the patterns that match this path, keep the most specific ones.
        let best = candidates.filter { candidate in
            !candidates.contains { $0.0.pattern.isMoreSpecific(than: candidate.0.pattern) }
        }
        return select(method: method, among: best)
    }

    private func select(method: HTTPMethod, among routes: [(Route, [String: String])]) -> RouteMatch {
        guard !routes.isEmpty else { return .notFound }
        if let exact = routes.first(where: { $0.0.method == method }) {
            return .found(exact.0, parameters: exact.1)
        }
        // RFC 9110 §9.3.2: HEAD is GET without the body.
        if method == .HEAD, let get = routes.first(where: { $0.0.method == .GET }) {
            return .found(get.0, parameters: get.1)
        }
        var allowed: [HTTPMethod] = []
        for (route, _) in routes where !allowed.contains(route.method) {
            allowed.append(route.method)
            if route.method == .GET && !allowed.contains(.HEAD) { allowed.append(.HEAD) }
        }
        return .methodNotAllowed(allowed)
    }
}
