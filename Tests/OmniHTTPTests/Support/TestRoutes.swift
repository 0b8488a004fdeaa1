import Foundation
import Synchronization

@testable import OmniHTTP

struct PhoneBody: Decodable {
    let phone: String
}

/// The routes the end-to-end tests talk to.
func testRouter() -> Router {
    var router = Router()
    router.inline(.GET, "/healthz") { _ in .text("ok") }
    router.post("/echo") { request in
        HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: request.body)
    }
    router.post("/form") { request in
        let form = try request.formParameters()
        try form.rejectDuplicates()
        return .text(form["name"] ?? "")
    }
    router.post("/json") { request in .text(try request.decodeJSON(PhoneBody.self).phone) }
    router.get("/cookie") { request in
        var response = HTTPResponse.text(request.cookies["sid"] ?? "none")
        try response.setCookie(SetCookie(name: "sid", value: "new", maxAge: 60))
        return response
    }
    router.get("/redirect") { request in .redirect(to: try request.queryParameters()["to"] ?? "/", status: .seeOther) }
    router.get("/inject") { request in
        var response = HTTPResponse.text("x")
        try response.headers.add("X-Echo", try request.queryParameters()["v"] ?? "")
        return response
    }
    router.get("/users/:id") { request in .text(request.pathParameters["id"] ?? "") }
    router.inline(.GET, "/whoami") { request in .text(request.remoteAddress?.host ?? "unknown") }
    router.get("/throws") { _ in throw HTTPError(.conflict, "already there") }
    router.get("/fails") { _ in
        struct Hidden: Error {}
        throw Hidden()
    }
    router.get("/sleep") { _ in
        try await Task.sleep(for: .milliseconds(300))
        return .text("slept")
    }
    router.get("/big") { _ in HTTPResponse(body: [UInt8](repeating: 0x61, count: 4 << 20)) }
    return router
}

/// Collects what the server reports.
final class RecordingObserver: HTTPServerObserver {
    private let records = Mutex<[HTTPRequestRecord]>([])
    private let events = Mutex<[HTTPConnectionEvent]>([])

    func requestCompleted(_ record: HTTPRequestRecord) {
        records.withLock { $0.append(record) }
    }

    func connectionEvent(_ event: HTTPConnectionEvent) {
        events.withLock { $0.append(event) }
    }

    var requests: [HTTPRequestRecord] { records.withLock { $0 } }
    var connectionEvents: [HTTPConnectionEvent] { events.withLock { $0 } }
}

/// Milliseconds elapsed while running `body`.
func milliseconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
}
