import Glibc
import Testing

@testable import OmniHTTP

@Suite("Server: HTTP/1.1 behaviour over the wire", .serialized)
struct ServerBehaviourTests {
    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            // Async (slow), inline and async-with-body requests in one write.
            try client.send(
                "GET /sleep HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nthird"
            )
            #expect(try client.readResponse().text == "slept")
            #expect(try client.readResponse().text == "ok")
            #expect(try client.readResponse().text == "third")
        }
        await server.shutdown()
    }

    @Test func keepAliveConnectionIsReused() async throws {
        let observer = RecordingObserver()
        let (server, port) = try startServer(testRouter(), observer: observer)
        try await onThread {
            let client = try TestClient(port: port)
            for index in 0..<5 {
                try client.send("GET /users/\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.text == "\(index)")
                #expect(response.header("Connection") == nil)
                #expect(response.header("Date")?.hasSuffix("GMT") == true)
            }
        }
        await server.shutdown()
        let accepted = observer.connectionEvents.filter { if case .accepted = $0 { return true } else { return false } }
        #expect(accepted.count == 1)
        #expect(observer.requests.count == 5)
        #expect(observer.requests.allSatisfy { $0.route == "/users/:id" && $0.status == .ok })
    }

    @Test func connectionCloseIsHonoured() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
        await server.shutdown()
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let plain = try TestClient(port: port)
            try plain.send("GET /healthz HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse().header("Connection") == "close")
            #expect(plain.isClosedByPeer())
            let keep = try TestClient(port: port)
            try keep.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keep.readResponse().header("Connection") == "keep-alive")
            try keep.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keep.readResponse().status == 200)
        }
        await server.shutdown()
    }

    @Test func chunkedRequestBodyIsDecoded() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nchun\r\n")
            try client.send("3\r\nked\r\n0\r\nTrailer: dropped\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "chunked")
            #expect(response.header("Trailer") == nil)
        }
        await server.shutdown()
    }

    @Test func expectContinueInvitesAnAcceptableBody() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("hello")
            #expect(try client.readResponse().text == "hello")

            let tooBig = try TestClient(port: port)
            try tooBig.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n")
            #expect(try tooBig.readResponse().status == 413)
            #expect(tooBig.isClosedByPeer())

            let unknown = try TestClient(port: port)
            try unknown.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\nContent-Length: 5\r\n\r\n")
            #expect(try unknown.readResponse().status == 417)
            #expect(unknown.isClosedByPeer())
        }
        await server.shutdown()
    }

    @Test func headAnswersHeadersWithoutBody() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "2")
            #expect(head.body.isEmpty)
            // No stray body bytes: the next response on the connection parses cleanly.
            try client.send("GET /users/7 HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().text == "7")
        }
        await server.shutdown()
    }

    @Test func wrongMethodIs405WithAllowAndUnknownPathIs404() async throws {
        let observer = RecordingObserver()
        let (server, port) = try startServer(testRouter(), observer: observer)
        try await onThread {
            let notAllowed = try fetch(port, "DELETE /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET, HEAD")
            let options = try fetch(port, "OPTIONS /echo HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(options.status == 204)
            #expect(options.header("Allow") == "POST")
            #expect(try fetch(port, "GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n").status == 404)
        }
        await server.shutdown()
        #expect(observer.requests.last?.route == nil)
        #expect(observer.requests.last?.status == .notFound)
    }

    @Test func formJSONAndCookiesWorkOverTheWire() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let form = try fetch(
                port,
                "POST /form HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 17\r\n\r\nname=Jos%C3%A9+Li"
            )
            #expect(form.text == "José Li")
            let json = try fetch(
                port,
                "POST /json HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n"
                    + #"{"phone":"+8613800000000"}"# + " "
            )
            #expect(json.text == "+8613800000000")
            let cookie = try fetch(port, "GET /cookie HTTP/1.1\r\nHost: a\r\nCookie: a=1; sid=abc\r\n\r\n")
            #expect(cookie.text == "abc")
            #expect(cookie.header("Set-Cookie") == "sid=new; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax")
        }
        await server.shutdown()
    }

    @Test func redirectLocationIsEscaped() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let response = try fetch(
                port,
                "GET /redirect?to=https%3A%2F%2Fapp.example%2Fcb%3Fcode%3Da%20b%0D%0AX:%201 HTTP/1.1\r\nHost: a\r\n\r\n"
            )
            #expect(response.status == 303)
            #expect(response.header("Location") == "https://app.example/cb?code=a%20b%0D%0AX:%201")
            #expect(response.header("X") == nil)
        }
        await server.shutdown()
    }

    @Test func handlerErrorsGoThroughTheErrorMapper() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let conflict = try fetch(port, "GET /throws HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(conflict.status == 409)
            #expect(conflict.text == #"{"error":"conflict","error_description":"already there"}"#)
            let hidden = try fetch(port, "GET /fails HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(hidden.status == 500)
            #expect(!hidden.text.contains("Hidden"))
        }
        await server.shutdown()
    }

    @Test func remoteAddressAndIPv6ListenerWork() async throws {
        var router = Router()
        router.inline(.GET, "/whoami") { request in .text(request.remoteAddress?.host ?? "unknown") }
        var configuration = HTTPServerConfiguration(listen: [try SocketAddress(parsing: "[::1]:0")])
        configuration.eventLoopCount = 1
        let server = HTTPServer(configuration: configuration, router: router)
        let addresses = try server.start()
        #expect(addresses.first?.family == .ipv6)
        #expect(addresses.first?.port != 0)
        let port = try #require(addresses.first?.port)
        try await onThread {
            let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            inet_pton(AF_INET6, "::1", &address.sin6_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
            #expect(connected == 0)
            let request = Array("GET /whoami HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received += chunk[0..<count]
            }
            #expect(String(decoding: received, as: UTF8.self).hasSuffix("\r\n\r\n::1"))
        }
        await server.shutdown()
        let (v4, v4Port) = try startServer(testRouter())
        try await onThread {
            let response = try fetch(v4Port, "GET /whoami HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(response.text == "127.0.0.1")
        }
        await v4.shutdown()
    }

    @Test func largeResponseIsWrittenCompletelyUnderBackpressure() async throws {
        let (server, port) = try startServer(testRouter())
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            usleep(200_000)  // let the socket fill up before reading
            #expect(try client.readResponse().body.count == 4 << 20)
            #expect(try client.readResponse().text == "ok")
        }
        await server.shutdown()
    }
}
