import Foundation
import Testing

@testable import OmniHTTP

/// Routes that show what the client sent.
private func clientTestRouter() -> Router {
    var router = testRouter()
    router.get("/echo-request") { request in
        let line = [
            request.method.rawValue, request.target, request.headers["Host"] ?? "-",
            request.headers["User-Agent"] ?? "-", request.headers["X-Trace"] ?? "-",
        ]
        return .text(line.joined(separator: " "))
    }
    return router
}

@Suite("HTTPClient: plain HTTP against OmniHTTP and scripted servers")
struct HTTPClientTests {
    @Test func getWithQueryReachesTheRouteWithHostPortAndUserAgent() async throws {
        let (server, port) = try startServer(clientTestRouter())
        defer { Task { await server.shutdown() } }
        let client = try HTTPClient()
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/echo-request?appid=wx1&js_code=a%2Bb#frag")
        try request.headers.add("X-Trace", "t-1")
        let response = try await client.execute(request, timeout: .seconds(10))
        #expect(response.status.code == 200)
        #expect(response.text == "GET /echo-request?appid=wx1&js_code=a%2Bb 127.0.0.1:\(port) omniid t-1")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func postJSONIsSentWithContentLength() async throws {
        let (server, port) = try startServer(clientTestRouter())
        defer { Task { await server.shutdown() } }
        let client = try HTTPClient()
        var request = HTTPClientRequest(
            method: .POST,
            url: "http://127.0.0.1:\(port)/json",
            body: Array(#"{"phone":"+8613800000000"}"#.utf8)
        )
        try request.headers.add("Content-Type", "application/json")
        let response = try await client.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        #expect(response.text == "+8613800000000")
    }

    @Test func requestHeadIsWhatWeChatExpects() async throws {
        let upstream = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
        defer { upstream.stop() }
        let client = try HTTPClient()
        var request = HTTPClientRequest(
            method: .POST,
            url: upstream.url("/wxa/business/getuserphonenumber?access_token=TOKEN"),
            body: Array(#"{"code":"c"}"#.utf8)
        )
        try request.headers.add("Content-Type", "application/json")
        // Framing fields are the client's own: a caller's copies are dropped.
        try request.headers.add("Content-Length", "999")
        try request.headers.add("Connection", "keep-alive")
        let response = try await client.execute(request, timeout: .seconds(10))
        #expect(response.text == "{}")
        #expect(
            upstream.receivedRequests == [
                "POST /wxa/business/getuserphonenumber?access_token=TOKEN HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:\(upstream.port)\r\nUser-Agent: omniid\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"
                    + #"{"code":"c"}"#
            ]
        )
    }

    @Test func nameIsResolvedOffThePool() async throws {
        // `localhost` goes through getaddrinfo (perhaps ::1 first, refused, then 127.0.0.1).
        let (server, port) = try startServer(clientTestRouter())
        defer { Task { await server.shutdown() } }
        let client = try HTTPClient()
        let response = try await get(client, "http://localhost:\(port)/echo-request")
        #expect(response.text == "GET /echo-request localhost:\(port) omniid -")
    }

    @Test func chunkedResponseIsDechunkedAndTrailersDropped() async throws {
        let upstream = try ScriptedServer(
            replying: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\n000\r\nX-Checksum: 1\r\n\r\n"
        )
        defer { upstream.stop() }
        let response = try await get(try HTTPClient(), upstream.url())
        #expect(response.status.code == 200)
        #expect(response.text == "hello world")
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["X-Checksum"] == nil)
    }

    @Test func closeDelimitedBodyEndsWithTheConnection() async throws {
        let upstream = try ScriptedServer(replying: "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
        defer { upstream.stop() }
        let response = try await get(try HTTPClient(), upstream.url())
        #expect(response.text == "until the end")
    }

    @Test func interimResponsesAreSkipped() async throws {
        let upstream = try ScriptedServer(
            replying: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
        )
        defer { upstream.stop() }
        let response = try await get(try HTTPClient(), upstream.url())
        #expect(response.status == HTTPStatus(code: 201, reasonPhrase: "Created"))
        #expect(response.headers["Link"] == nil)
        #expect(response.text == "ok")
    }

    @Test func headAndNoContentResponsesHaveNoBody() async throws {
        let head = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        let noContent = try ScriptedServer(replying: "HTTP/1.1 204 No Content\r\n\r\n")
        defer {
            head.stop()
            noContent.stop()
        }
        let client = try HTTPClient()
        let headResponse = try await client.execute(
            HTTPClientRequest(method: .HEAD, url: head.url()),
            timeout: .seconds(10)
        )
        #expect(headResponse.headers["Content-Length"] == "5")
        #expect(headResponse.body.isEmpty)
        #expect(try await get(client, noContent.url()).status.code == 204)
    }

    @Test func bodyLargerThanTheLimitIsRefused() async throws {
        let (server, port) = try startServer(clientTestRouter())
        let chunked = try ScriptedServer(
            replying: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n"
                + String(repeating: "a", count: 1024)
                + "\r\n1\r\nb\r\n0\r\n\r\n"
        )
        let untilClose = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "a", count: 1025))
        let hugeHead = try ScriptedServer(
            replying: "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "h", count: 70_000) + "\r\n\r\n"
        )
        defer {
            Task { await server.shutdown() }
            chunked.stop()
            untilClose.stop()
            hugeHead.stop()
        }
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBodySize = 1024
        let client = try HTTPClient(configuration: configuration)
        // `/big` answers 4 MiB with Content-Length: refused from the head alone.
        #expect(
            await clientError(client, HTTPClientRequest(url: "http://127.0.0.1:\(port)/big"))
                == .responseTooLarge(limit: 1024)
        )
        #expect(await clientError(client, HTTPClientRequest(url: chunked.url())) == .responseTooLarge(limit: 1024))
        #expect(await clientError(client, HTTPClientRequest(url: untilClose.url())) == .responseTooLarge(limit: 1024))
        #expect(await clientError(client, HTTPClientRequest(url: hugeHead.url())) == .responseTooLarge(limit: 65536))
        // Exactly at the limit is fine.
        let fits = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "a", count: 1024))
        defer { fits.stop() }
        #expect(try await get(client, fits.url()).body.count == 1024)
    }

    @Test(
        arguments: [
            "HTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-Bare: a\rb\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        ]
    )
    func malformedResponsesAreRefused(_ reply: String) async throws {
        let upstream = try ScriptedServer(replying: reply)
        defer { upstream.stop() }
        let error = await clientError(try HTTPClient(), HTTPClientRequest(url: upstream.url()))
        guard case .malformedResponse = error else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
    }

    @Test func connectionClosedBeforeTheEndIsReported() async throws {
        let empty = try ScriptedServer(replying: "")
        let short = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let halfHead = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\nContent-Le")
        let unfinishedChunks = try ScriptedServer(
            replying: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"
        )
        let upstreams = [empty, short, halfHead, unfinishedChunks]
        defer { for upstream in upstreams { upstream.stop() } }
        let client = try HTTPClient()
        for upstream in upstreams {
            #expect(await clientError(client, HTTPClientRequest(url: upstream.url())) == .connectionClosed)
        }
    }

    @Test func refusedConnectionIsConnectFailed() async throws {
        let port = try unusedPort()
        let error = await clientError(try HTTPClient(), HTTPClientRequest(url: "http://127.0.0.1:\(port)/x?secret=S3"))
        guard case .connectFailed(let host, let failedPort, let reason) = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1" && failedPort == port)
        #expect(reason.contains("refused"))
        #expect(error.map { "\($0)".contains("S3") } == false)
    }

    @Test func unresolvableHostIsDNSFailure() async throws {
        let error = await clientError(
            try HTTPClient(),
            HTTPClientRequest(url: "https://nonexistent.invalid/cgi-bin/token?secret=S3"),
            // Generous: a resolver that does not answer takes its own timeouts (5 s per attempt) to say so.
            timeout: .seconds(60)
        )
        guard case .dnsFailure(let host, _) = error else {
            Issue.record("expected dnsFailure, got \(String(describing: error))")
            return
        }
        #expect(host == "nonexistent.invalid")
        #expect(error.map { "\($0)".contains("S3") } == false)
    }

    @Test(
        arguments: [
            "ftp://example.com/", "example.com/x", "http://", "http://:80/", "http://user:secret@example.com/",
            "http://example.com:0/", "http://example.com:65536/", "http://example.com:8o/", "http://exa mple.com/",
            "http://example.com/a b?secret=S3", "http://[::1/", "http://[zz]/", "http://example.com/\u{00e9}",
            "http://ex_ample.com/",
        ]
    )
    func invalidURLsAreRefusedWithoutEchoingThem(_ url: String) async throws {
        let error = await clientError(try HTTPClient(), HTTPClientRequest(url: url))
        guard case .invalidURL(let reason) = error else {
            Issue.record("expected invalidURL, got \(String(describing: error))")
            return
        }
        #expect(!reason.contains("secret") && !reason.contains("S3") && !reason.contains("example"))
    }

    @Test func invalidMethodIsRefused() async throws {
        let request = HTTPClientRequest(method: HTTPMethod("GET /evil"), url: "http://127.0.0.1:1/")
        #expect(await clientError(try HTTPClient(), request) == .invalidRequest(reason: "invalid method"))
    }
}
