import Testing

@testable import OmniHTTP

/// Feeds `text` to a parser `step` bytes at a time; the response, or the error.
private func parse(
    _ text: String,
    step: Int,
    maxBody: Int = 1 << 20,
    head: Bool = false,
    closeAtEnd: Bool = false
) -> Result<HTTPClientResponse, HTTPClientError> {
    var parser = HTTPResponseParser(maxHeadSize: 1024, maxBodySize: maxBody, isHeadRequest: head)
    let bytes = Array(text.utf8)
    do throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            bytes[offset..<end].withUnsafeBytes { parser.append($0) }
            offset = end
            if let response = try parser.advance() { return .success(response) }
        }
        return closeAtEnd ? .success(try parser.finish()) : .failure(.timeout)
    } catch {
        return .failure(error)
    }
}

@Suite("HTTPClient: response parser and URL")
struct HTTPClientParserTests {
    static let chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n3;x=\"y\"\r\n123\r\n0\r\n\r\n"

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func chunkedBodyParsesWhateverTheSegmentation(_ step: Int) throws {
        let response = try parse(Self.chunked, step: step).get()
        #expect(String(decoding: response.body, as: UTF8.self) == "abcdefghijklmnopqrstuvwxyz123")
    }

    @Test(arguments: [1, 5, 4096])
    func contentLengthBodyStopsAtTheLength(_ step: Int) throws {
        // Bytes past the length (a server's garbage) are never part of the body.
        let response = try parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", step: step).get()
        #expect(response.body == Array("abc".utf8))
    }

    @Test func closeDelimitedBodyNeedsTheClose() throws {
        #expect(throws: HTTPClientError.timeout) { try parse("HTTP/1.1 200 OK\r\n\r\nab", step: 100).get() }
        #expect(try parse("HTTP/1.1 200 OK\r\n\r\nab", step: 100, closeAtEnd: true).get().body == Array("ab".utf8))
    }

    @Test func statusLineWithoutReasonAndRepeatedEqualLengthsAreAccepted() throws {
        let response = try parse("HTTP/1.1 404\r\nContent-Length: 1, 1\r\n\r\nx", step: 4).get()
        #expect(response.status.code == 404 && response.status.reasonPhrase.isEmpty)
        #expect(response.body == [UInt8(ascii: "x")])
    }

    @Test func headResponseIgnoresItsFraming() throws {
        let response = try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", step: 8, head: true).get()
        #expect(response.body.isEmpty)
        #expect(response.headers["Transfer-Encoding"] == "chunked")
    }

    @Test func limitsAreEnforced() {
        #expect(throws: HTTPClientError.responseTooLarge(limit: 1024)) {
            try parse("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 2000), step: 100).get()
        }
        #expect(throws: HTTPClientError.responseTooLarge(limit: 10)) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", step: 100, maxBody: 10).get()
        }
        #expect(throws: HTTPClientError.responseTooLarge(limit: 10)) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", step: 100, maxBody: 10).get()
        }
        #expect(throws: HTTPClientError.malformedResponse(reason: "chunk size too large")) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n", step: 100).get()
        }
    }

    @Test func urlGivesHostFieldTargetAndPort() throws {
        let plain = try ClientURL(parsing: "HTTP://API.Example.com:8080")
        #expect(plain.host == "api.example.com" && plain.port == 8080 && !plain.isTLS)
        #expect(plain.hostField == "api.example.com:8080")
        #expect(plain.target == "/")
        #expect(plain.numericAddress == nil)

        let tls = try ClientURL(parsing: "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential#x")
        #expect(tls.port == 443 && tls.isTLS && tls.hostField == "api.weixin.qq.com")
        #expect(tls.target == "/cgi-bin/token?grant_type=client_credential")

        let query = try ClientURL(parsing: "http://127.0.0.1:80?a=b")
        #expect(query.hostField == "127.0.0.1" && query.target == "/?a=b")
        #expect(query.numericAddress == (try SocketAddress(host: "127.0.0.1", port: 80)))

        let v6 = try ClientURL(parsing: "https://[::1]:8443/x")
        #expect(v6.host == "::1" && v6.hostField == "[::1]:8443" && v6.numericAddress?.family == .ipv6)
    }
}
