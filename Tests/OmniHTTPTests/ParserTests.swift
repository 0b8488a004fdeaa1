import Testing

@testable import OmniHTTP

/// What parsing a byte stream produced.
struct Parsed {
    var messages: [(head: RequestHead, body: [UInt8])] = []
    var error: HTTPParseError?
    var heads = 0
}

let testLimits = HTTPParserLimits(
    maxRequestLineLength: 8192,
    maxHeaderSectionSize: 16384,
    maxHeaderCount: 100,
    maxBodySize: 1 << 20
)

/// Feeds `chunks` one after the other, collecting every event.
func parse(_ chunks: [[UInt8]], limits: HTTPParserLimits = testLimits) -> Parsed {
    var parser = HTTPRequestParser(limits: limits)
    var input = InputBuffer()
    var result = Parsed()
    var head: RequestHead?
    for chunk in chunks {
        input.withAppendableStorage { $0.append(contentsOf: chunk) }
        do {
            while let event = try parser.next(&input) {
                switch event {
                case .head(let parsed):
                    head = parsed
                    result.heads += 1
                case .message(let body):
                    if let head { result.messages.append((head, body)) }
                    head = nil
                }
            }
        } catch {
            result.error = error
            return result
        }
    }
    return result
}

func parse(_ text: String, limits: HTTPParserLimits = testLimits) -> Parsed {
    parse([Array(text.utf8)], limits: limits)
}

@Suite("Parser: well-formed requests")
struct ParserAcceptanceTests {
    @Test func simpleGetIsParsed() throws {
        let result = parse("GET /healthz?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n")
        #expect(result.error == nil)
        let head = try #require(result.messages.first?.head)
        #expect(head.method == .GET)
        #expect(head.path == "/healthz")
        #expect(head.query == "x=1")
        #expect(head.headers["accept"] == "*/*")
        #expect(head.keepAlive)
        #expect(head.framing == .none)
    }

    @Test func contentLengthBodyIsRead() throws {
        let result = parse("POST /t HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        #expect(result.messages.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello")
    }

    @Test func chunkedBodyWithExtensionsAndTrailersIsDecoded() throws {
        let request =
            "POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; x=\"q\"\r\n world\r\n0\r\nX-Trailer: yes\r\nOther: 1\r\n\r\n"
        let result = parse(request)
        #expect(result.error == nil)
        #expect(result.messages.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world")
        #expect(result.messages.first?.head.framing == .chunked)
    }

    @Test func upperCaseChunkedCodingIsAccepted() {
        let result = parse("POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n")
        #expect(result.error == nil)
        #expect(result.messages.count == 1)
    }

    @Test func pipelinedRequestsSplitAtEveryOffsetParseIdentically() throws {
        let stream = Array(
            ("GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;e\r\nxy\r\n0\r\nT: 1\r\n\r\n")
                .utf8
        )
        for split in 0...stream.count {
            let result = parse([Array(stream[0..<split]), Array(stream[split...])])
            #expect(result.error == nil, "split at \(split)")
            #expect(result.messages.map(\.head.path) == ["/a", "/b", "/c"], "split at \(split)")
            #expect(result.messages.map { String(decoding: $0.body, as: UTF8.self) } == ["", "abc", "xy"])
        }
        // And one byte at a time.
        let bytewise = parse(stream.map { [$0] })
        #expect(bytewise.messages.count == 3)
    }

    @Test func leadingEmptyLineIsIgnored() {
        #expect(parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").messages.count == 1)
    }

    @Test func http10WithoutKeepAliveCloses() throws {
        let closeByDefault = try #require(parse("GET / HTTP/1.0\r\n\r\n").messages.first?.head)
        #expect(!closeByDefault.keepAlive)
        #expect(closeByDefault.version == .http1_0)
        let keepAlive = try #require(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").messages.first?.head)
        #expect(keepAlive.keepAlive)
    }

    @Test func connectionCloseIsHonoured() throws {
        let head = try #require(
            parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, Close\r\n\r\n").messages.first?.head
        )
        #expect(!head.keepAlive)
    }

    @Test func higherMinorVersionIsTreatedAsHTTP11() throws {
        let head = try #require(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n").messages.first?.head)
        #expect(head.version == .http1_1)
    }

    @Test func absoluteFormKeepsOnlyThePath() throws {
        let head = try #require(
            parse("GET http://example.com:8080/x/y?q=1 HTTP/1.1\r\nHost: a\r\n\r\n").messages.first?.head
        )
        #expect(head.path == "/x/y")
        #expect(head.query == "q=1")
    }

    @Test func asteriskFormIsOnlyForOptions() throws {
        #expect(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").messages.first?.head.path == "*")
        #expect(parse("GET * HTTP/1.1\r\nHost: a\r\n\r\n").error?.status == .badRequest)
    }

    @Test func expectContinueIsRecognised() throws {
        let head = try #require(
            parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx").messages.first?
                .head
        )
        #expect(head.expectation == .continue100)
        let other = try #require(parse("GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n").messages.first?.head)
        #expect(other.expectation == .unsupported)
        let ignored = try #require(parse("GET / HTTP/1.0\r\nExpect: magic\r\n\r\n").messages.first?.head)
        #expect(ignored.expectation == .none)
    }

    @Test func headerValuesAreTrimmedAndObsTextKept() throws {
        let head = try #require(
            parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: \t spaced out \t\r\n\r\n").messages.first?.head
        )
        #expect(head.headers["x-a"] == "spaced out")
    }

    @Test func zeroContentLengthWithLeadingZerosIsNoBody() throws {
        let head = try #require(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000\r\n\r\n").messages.first?.head)
        #expect(head.framing == .none)
    }
}

@Suite("Parser: malformed requests and limits")
struct ParserRejectionTests {
    /// Each malformed request with the status it must get.
    static let cases: [(String, String, Int)] = [
        ("CL and TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("TE and CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
        ("duplicate CL same", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
        ("duplicate CL differing", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("list CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("list CL same", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3,3\r\n\r\n", 400),
        ("signed CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n", 400),
        ("negative CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("hex CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x3\r\n\r\n", 400),
        ("CL with inner space", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", 400),
        ("empty CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
        ("TE gzip only", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("TE chunked not last", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("TE chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        (
            "TE chunked twice lines",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400
        ),
        ("TE garbage", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\u{0B}\r\n\r\n", 400),
        ("TE empty element", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\n\r\n", 400),
        ("TE xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", 400),
        (
            "TE unknown coding before chunked",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501
        ),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("chunk size not hex", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("chunk size empty", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
        ("chunk size with 0x", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\n", 400),
        ("chunk size leading space", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\n", 400),
        (
            "chunk size overflow",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", 413
        ),
        (
            "chunk ext bare CR",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a\rb\r\nhello\r\n0\r\n\r\n", 400
        ),
        (
            "chunk ext junk",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 junk\r\nhello\r\n0\r\n\r\n", 400
        ),
        ("chunk bare LF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", 400),
        (
            "chunk data no CRLF",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400
        ),
        (
            "chunk data LF only",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", 400
        ),
        (
            "chunk too long data",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", 400
        ),
        (
            "bad trailer", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
            400
        ),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  continued\r\n\r\n", 400),
        ("obs-fold tab", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\tcontinued\r\n\r\n", 400),
        ("space before colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A : 1\r\n\r\n", 400),
        ("tab before colon", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 1\r\n\r\n", 400),
        ("bare LF in head", "GET / HTTP/1.1\nHost: a\n\n", 400),
        ("bare LF after header", "GET / HTTP/1.1\r\nHost: a\n\r\n", 400),
        ("bare CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r2\r\n\r\n", 400),
        ("bare CR in request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("invalid method char", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("invalid header name", "GET / HTTP/1.1\r\nHost: a\r\nX@A: 1\r\n\r\n", 400),
        ("empty header name", "GET / HTTP/1.1\r\nHost: a\r\n: 1\r\n\r\n", 400),
        ("no colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
        ("NUL in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\u{0}2\r\n\r\n", 400),
        ("control in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\u{01}2\r\n\r\n", 400),
        ("DEL in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\u{7F}\r\n\r\n", 400),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("HTTP/0.9", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505),
        ("version lowercase", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
        ("version short", "GET / HTTP/1\r\nHost: a\r\n\r\n", 400),
        ("version junk", "GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400),
        ("no version", "GET /\r\nHost: a\r\n\r\n", 400),
        ("double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("trailing space", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
        ("missing host", "GET / HTTP/1.1\r\n\r\n", 400),
        ("duplicate host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("invalid host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
        ("authority form", "GET example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("relative target", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("fragment", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("dot segment", "GET /a/../b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("encoded dot segment", "GET /a/%2E%2e/b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("userinfo", "GET http://u@h/x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("non-ASCII target", "GET /\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("too many empty lines", "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ]

    @Test(arguments: cases.indices)
    func malformedRequestIsRefused(index: Int) {
        let (name, request, status) = Self.cases[index]
        let result = parse(request)
        #expect(result.error?.status.code == status, "\(name): \(String(describing: result.error))")
        #expect(result.messages.isEmpty, "\(name)")
    }

    @Test func longRequestLineIs414EvenBeforeItsEnd() {
        let partial = "GET /" + String(repeating: "a", count: 9000)
        #expect(parse(partial).error == .requestLineTooLong)
        #expect(parse(partial + " HTTP/1.1\r\nHost: a\r\n\r\n").error == .requestLineTooLong)
    }

    @Test func largeHeaderSectionIs431() {
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 17000) + "\r\n\r\n"
        #expect(parse(big).error == .headerSectionTooLarge)
        let partial = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 17000)
        #expect(parse(partial).error == .headerSectionTooLarge)
    }

    @Test func tooManyHeadersIs431() {
        let many = (0..<101).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\n" + many + "\r\n").error == .tooManyHeaderFields)
        let exactly = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\n" + exactly + "\r\n").messages.count == 1)
    }

    @Test func contentLengthOverLimitIs413BeforeTheBody() {
        let result = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n")
        #expect(result.error == .contentTooLarge)
        #expect(result.heads == 0)
        let huge = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n")
        #expect(huge.error == .contentTooLarge)
    }

    @Test func chunkedTotalOverLimitIs413() {
        var limits = testLimits
        limits.maxBodySize = 10
        let result = parse(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n",
            limits: limits
        )
        #expect(result.error == .contentTooLarge)
    }

    @Test func bareCRBeforeDataCRLFIsRefused() {
        // A lone byte that cannot start CRLF is refused at once, without waiting for a second byte.
        let result = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naX")
        #expect(result.error?.status == .badRequest)
    }
}
