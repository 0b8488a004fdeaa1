import Testing

@testable import OmniHTTP

@Suite("Router")
struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.inline(.GET, "/healthz") { _ in .text("ok") }
        router.post("/interaction/:uid/otp/send") { _ in .noContent }
        router.get("/interaction/:uid") { _ in .noContent }
        router.get("/interaction/new") { _ in .noContent }
        router.delete("/interaction/:uid") { _ in .noContent }
        return router
    }

    func pattern(_ match: RouteMatch) -> String? {
        if case .found(let route, _) = match { return route.pattern.text }
        return nil
    }

    @Test func pathParametersAreExtractedAndDecoded() throws {
        let match = try router().match(method: .POST, path: "/interaction/ab%2Fc%20d/otp/send")
        guard case .found(let route, let parameters) = match else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern.text == "/interaction/:uid/otp/send")
        #expect(parameters["uid"] == "ab/c d")
    }

    @Test func literalSegmentsWinOverParameters() throws {
        #expect(pattern(try router().match(method: .GET, path: "/interaction/new")) == "/interaction/new")
        #expect(pattern(try router().match(method: .GET, path: "/interaction/other")) == "/interaction/:uid")
    }

    @Test func wrongMethodListsAllowedMethods() throws {
        guard case .methodNotAllowed(let allowed) = try router().match(method: .PUT, path: "/interaction/x") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.GET, .HEAD, .DELETE])
    }

    @Test func headFallsBackToGet() throws {
        #expect(pattern(try router().match(method: .HEAD, path: "/healthz")) == "/healthz")
    }

    @Test func unknownPathsAreNotFound() throws {
        guard case .notFound = try router().match(method: .GET, path: "/nope") else {
            Issue.record("expected 404")
            return
        }
        guard case .notFound = try router().match(method: .GET, path: "/healthz/") else {
            Issue.record("trailing slash is another path")
            return
        }
        guard case .notFound = try router().match(method: .GET, path: "/interaction//otp/send") else {
            Issue.record("empty segment fills no parameter")
            return
        }
    }

    @Test func percentEncodedLiteralMatchesAndBadEscapeThrows() throws {
        #expect(pattern(try router().match(method: .GET, path: "/%68ealthz")) == "/healthz")
        #expect(throws: FormDecodingError.invalidPercentEscape) { try router().match(method: .GET, path: "/a%zz") }
    }
}
