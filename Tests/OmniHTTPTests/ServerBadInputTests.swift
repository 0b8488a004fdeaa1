import Testing

@testable import OmniHTTP

/// Bad input over real sockets: the right status, the connection closed, and the server still healthy.
@Suite("Server: bad input over the wire", .serialized)
struct ServerBadInputTests {
    static let cases: [(String, String, Int)] = [
        ("request line too long", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        (
            "header section too large",
            "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 17000) + "\r\n\r\n", 431
        ),
        (
            "too many headers", "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-\($0): 1\r\n" }.joined() + "\r\n",
            431
        ),
        ("content-length over limit", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n", 413),
        (
            "chunked total over limit",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "100000\r\n" + String(repeating: "z", count: 0x10_0000) + "\r\n1\r\nz\r\n0\r\n\r\n", 413
        ),
        (
            "CL plus TE",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400
        ),
        ("duplicate CL", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("non-digit CL", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1a\r\n\r\nab", 400),
        ("TE not chunked", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 400),
        ("TE gzip, chunked", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("bad chunk size", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400),
        (
            "missing CRLF after chunk", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd",
            400
        ),
        ("obs-fold", "GET /healthz HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", 400),
        ("space before colon", "GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("bare LF", "GET /healthz HTTP/1.1\nHost: a\n\n", 400),
        ("bare CR", "GET /healthz HTTP/1.1\r\nHost: a\rX: 1\r\n\r\n", 400),
        ("bad method", "G{T /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("control in value", "GET /healthz HTTP/1.1\r\nHost: a\r\nX: \u{1}\r\n\r\n", 400),
        ("bad version", "GET /healthz HTTP/1.x\r\nHost: a\r\n\r\n", 400),
        ("unsupported version", "GET /healthz HTTP/3.0\r\nHost: a\r\n\r\n", 505),
        ("missing Host", "GET /healthz HTTP/1.1\r\n\r\n", 400),
        ("asterisk not OPTIONS", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("invalid path escape", "GET /users/%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("random bytes", "\u{16}\u{3}\u{1}\u{0}\u{A5}\u{1}\u{0}\u{0}\u{A1}\u{3}\u{3}\r\n\r\n", 400),
    ]

    @Test(arguments: cases.indices)
    func badInputGetsItsStatusAndCloses(index: Int) async throws {
        let (name, request, status) = Self.cases[index]
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send(request)
            let response = try client.readResponse()
            #expect(response.status == status, "\(name)")
            #expect(response.header("Connection") == "close", "\(name)")
            #expect(client.isClosedByPeer(), "\(name): connection must close")
            #expect(try fetch(port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").status == 200, "\(name)")
        }
        await server.shutdown()
    }

    @Test func handlerInputErrorsAre400() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let duplicate = try fetch(
                port,
                "POST /form HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 13\r\n\r\nname=a&name=b"
            )
            #expect(duplicate.status == 400)
            #expect(duplicate.text.contains("parameter 'name' is repeated"))
            let escape = try fetch(
                port,
                "POST /form HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 7\r\n\r\nname=%G"
            )
            #expect(escape.status == 400)
            let json = try fetch(
                port,
                "POST /json HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            )
            #expect(json.status == 400)
            #expect(json.text.contains("missing field 'phone'"))
            #expect(try fetch(port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").status == 200)
        }
        await server.shutdown()
    }

    @Test func headerInjectionFromAHandlerNeverReachesTheWire() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("GET /inject?v=a%0D%0ASet-Cookie:%20evil=1 HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 500)
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.header("X-Echo") == nil)
        }
        await server.shutdown()
    }
}
