/// An incremental HTTP/1.x response parser (RFC 9112): status line, header fields, then a body framed by
/// `Content-Length`, chunked transfer coding, or the end of the connection (RFC 9112 §6.3).
///
/// The transport appends bytes with ``append(_:)``; ``advance()`` returns the response once complete, and
/// ``finish()`` is called when the peer closes. Interim 1xx responses are skipped (RFC 9110 §15.2).
struct HTTPResponseParser {
    private enum Phase {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(seen: Int)
        case untilClose
        case done
    }

    private var input: [UInt8] = []
    private var start = 0
    /// Where the search for the end of the head resumes, so that a head arriving byte by byte costs O(n).
    private var scanFrom = 0
    private var phase = Phase.head
    private var status = HTTPStatus.ok
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private let maxHeadSize: Int
    private let maxBodySize: Int
    /// RFC 9110 §9.3.2: the response to HEAD has no content, whatever its framing fields say.
    private let isHeadRequest: Bool

    init(maxHeadSize: Int, maxBodySize: Int, isHeadRequest: Bool) {
        self.maxHeadSize = maxHeadSize
        self.maxBodySize = maxBodySize
        self.isHeadRequest = isHeadRequest
    }

    /// Whether any byte of a response arrived (to tell a refused request from a truncated response).
    private(set) var receivedAnything = false

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        receivedAnything = true
        input.append(contentsOf: bytes)
    }

    /// Consumes what has arrived; the response once it is complete, else nil (more bytes needed).
    mutating func advance() throws(HTTPClientError) -> HTTPClientResponse? {
        while true {
            switch phase {
            case .head:
                guard try parseHead() else { return nil }
            case .fixed(let remaining):
                let count = min(remaining, input.count - start)
                try takeBody(count)
                phase = remaining == count ? .done : .fixed(remaining: remaining - count)
                if remaining != count { return nil }
            case .chunkSize:
                guard let line = try nextLine(limit: 1024, what: "chunk size line") else { return nil }
                let size = try Self.chunkSize(line)
                guard size <= maxBodySize - body.count else { throw .responseTooLarge(limit: maxBodySize) }
                phase = size == 0 ? .trailers(seen: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let count = min(remaining, input.count - start)
                try takeBody(count)
                phase = remaining == count ? .chunkDataEnd : .chunkData(remaining: remaining - count)
                if remaining != count { return nil }
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF.
                guard input.count - start >= 2 else { return nil }
                guard input[start] == ByteClass.cr, input[start + 1] == ByteClass.lf else {
                    throw .malformedResponse(reason: "chunk data not followed by CRLF")
                }
                consume(2)
                phase = .chunkSize
            case .trailers(let seen):
                // RFC 9112 §7.1.2: trailer fields are read and dropped; the section ends with an empty line.
                guard let line = try nextLine(limit: maxHeadSize - seen, what: "trailer section") else { return nil }
                phase = line.isEmpty ? .done : .trailers(seen: seen + line.count + 2)
            case .untilClose:
                try takeBody(input.count - start)
                return nil
            case .done:
                return HTTPClientResponse(status: status, headers: headers, body: body)
            }
        }
    }

    /// The peer closed: the response if its framing allows ending here (RFC 9112 §6.3 rule 8).
    mutating func finish() throws(HTTPClientError) -> HTTPClientResponse {
        if case .untilClose = phase { phase = .done }
        guard let response = try advance() else { throw .connectionClosed }
        return response
    }

    // MARK: Head

    private mutating func parseHead() throws(HTTPClientError) -> Bool {
        guard let end = headEnd() else {
            guard input.count - start <= maxHeadSize else { throw .responseTooLarge(limit: maxHeadSize) }
            return false
        }
        guard end - start <= maxHeadSize else { throw .responseTooLarge(limit: maxHeadSize) }
        let head = Array(input[start..<end])
        consume(end + 4 - start)
        let lines = Self.lines(head[...])
        scanFrom = start
        guard let statusLine = lines.first else { throw .malformedResponse(reason: "empty status line") }
        status = try Self.status(statusLine)
        headers = HTTPHeaders()
        for line in lines.dropFirst() { try addField(line) }
        if status.code < 200 {
            // RFC 9110 §15.2: interim responses precede the final one; 101 would need an upgrade we never ask for.
            guard status.code != 101 else { throw .malformedResponse(reason: "unexpected 101 Switching Protocols") }
            return true
        }
        phase = try framing()
        return true
    }

    private mutating func headEnd() -> Int? {
        let pattern: [UInt8] = [ByteClass.cr, ByteClass.lf, ByteClass.cr, ByteClass.lf]
        var index = max(start, scanFrom)
        while index + 4 <= input.count {
            if input[index] == ByteClass.cr && input[index + 1] == ByteClass.lf && input[index + 2] == ByteClass.cr
                && input[index + 3] == ByteClass.lf
            {
                return index
            }
            index += 1
        }
        scanFrom = max(start, input.count - (pattern.count - 1))
        return nil
    }

    /// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
    private static func status(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> HTTPStatus {
        let bytes = Array(line)
        guard bytes.count >= 12, bytes[0..<7].elementsEqual("HTTP/1.".utf8), (0x30...0x39).contains(bytes[7]),
            bytes[8] == ByteClass.space, bytes[9..<12].allSatisfy({ (0x30...0x39).contains($0) }),
            bytes.count == 12 || bytes[12] == ByteClass.space
        else { throw .malformedResponse(reason: "invalid status line") }
        let code = bytes[9..<12].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard code >= 100 else { throw .malformedResponse(reason: "invalid status code") }
        let reason = bytes.count > 13 ? bytes[13...] : []
        guard reason.allSatisfy(ByteClass.isFieldValueChar) else {
            throw .malformedResponse(reason: "invalid reason phrase")
        }
        return HTTPStatus(code: code, reasonPhrase: String(decoding: reason, as: UTF8.self))
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; obs-fold (§5.2) is refused.
    private mutating func addField(_ line: ArraySlice<UInt8>) throws(HTTPClientError) {
        guard let colon = line.firstIndex(of: ByteClass.colon), colon > line.startIndex,
            line[..<colon].allSatisfy(ByteClass.isTokenChar)
        else { throw .malformedResponse(reason: "invalid header field") }
        let value = line[(colon + 1)...]
        guard value.allSatisfy(ByteClass.isFieldValueChar) else {
            throw .malformedResponse(reason: "invalid header field value")
        }
        headers.appendValidated(
            name: String(decoding: line[..<colon], as: UTF8.self),
            value: HTTPHeaders.trimmed(String(decoding: value, as: UTF8.self))
        )
    }

    /// RFC 9112 §6.3: how the body ends.
    private mutating func framing() throws(HTTPClientError) -> Phase {
        if isHeadRequest || status.forbidsContent { return .done }
        if headers.contains("Transfer-Encoding") {
            // Rule 4: Transfer-Encoding overrides Content-Length. We ask for no coding, so only chunked is expected.
            let codings = headers.listValues(for: "Transfer-Encoding")
            guard codings.count == 1, ByteClass.equalsIgnoringCase(codings[0], "chunked") else {
                throw .malformedResponse(reason: "unsupported transfer coding")
            }
            return .chunkSize
        }
        let lengths = headers.listValues(for: "Content-Length")
        guard let first = lengths.first else { return .untilClose }
        // Rule 5: differing or invalid lengths are unrecoverable framing errors.
        guard lengths.allSatisfy({ $0 == first }), first.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .malformedResponse(reason: "invalid Content-Length")
        }
        guard first.utf8.count <= 18, let length = Int(first), length <= maxBodySize else {
            throw .responseTooLarge(limit: maxBodySize)
        }
        body.reserveCapacity(length)
        return .fixed(remaining: length)
    }

    // MARK: Body

    private mutating func takeBody(_ count: Int) throws(HTTPClientError) {
        guard count > 0 else { return }
        guard count <= maxBodySize - body.count else { throw .responseTooLarge(limit: maxBodySize) }
        body.append(contentsOf: input[start..<(start + count)])
        consume(count)
    }

    /// The next CRLF-terminated line (without the CRLF), nil if incomplete; longer than `limit` is an error.
    private mutating func nextLine(limit: Int, what: String) throws(HTTPClientError) -> ArraySlice<UInt8>? {
        guard let lf = input[start...].firstIndex(of: ByteClass.lf) else {
            guard input.count - start <= limit else { throw .malformedResponse(reason: "\(what) too long") }
            return nil
        }
        guard lf > start, input[lf - 1] == ByteClass.cr, lf - 1 - start <= limit else {
            throw .malformedResponse(reason: "invalid \(what)")
        }
        let line = input[start..<(lf - 1)]
        consume(lf + 1 - start)
        return line
    }

    /// RFC 9112 §7.1: chunk-size [ chunk-ext ]; extensions are ignored.
    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> Int {
        let digits = line.prefix { ByteClass.hexValue($0) != nil }
        let rest = line.dropFirst(digits.count)
        guard !digits.isEmpty,
            rest.isEmpty || rest.first == UInt8(ascii: ";") || rest.first == ByteClass.space
                || rest.first == ByteClass.tab,
            rest.allSatisfy(ByteClass.isFieldValueChar)
        else { throw .malformedResponse(reason: "invalid chunk size") }
        let significant = digits.drop { $0 == 0x30 }
        guard significant.count <= 15 else { throw .malformedResponse(reason: "chunk size too large") }
        return significant.reduce(0) { $0 << 4 | Int(ByteClass.hexValue($1) ?? 0) }
    }

    private mutating func consume(_ count: Int) {
        start += count
        if start == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            start = 0
            scanFrom = 0
        } else if start > 16 * 1024 && start * 2 > input.count {
            input.removeSubrange(0..<start)
            scanFrom = max(0, scanFrom - start)
            start = 0
        }
    }

    /// Splits a head on CRLF. A bare CR or LF stays inside its line, where the status line and field checks refuse
    /// it (RFC 9112 §2.2: a lenient reading is how responses get smuggled).
    private static func lines(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == ByteClass.cr, index + 1 < head.endIndex, head[index + 1] == ByteClass.lf {
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        lines.append(head[lineStart..<head.endIndex])
        return lines
    }
}
