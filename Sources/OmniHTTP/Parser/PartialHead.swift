/// A request head being assembled line by line, with the framing headers remembered for the final checks.
struct PartialHead {
    private let method: HTTPMethod
    private let version: HTTPVersion
    /// Copied out of the input buffer so that the buffer stays uniquely referenced (no copy-on-write on append).
    private let target: [UInt8]
    private var headers = HTTPHeaders()
    private var contentLengths: [String] = []
    private var transferEncodings: [String] = []
    private var hosts: [String] = []
    private var connectionValues: [String] = []
    private var expectValues: [String] = []

    /// RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
    init(requestLine line: ArraySlice<UInt8>) throws(HTTPParseError) {
        guard let firstSpace = line.firstIndex(of: ByteClass.space) else { throw .malformed("malformed request line") }
        let methodBytes = line[line.startIndex..<firstSpace]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ByteClass.isTokenChar) else {
            throw .malformed("invalid method")
        }
        // The version is the last 8 bytes, after exactly one SP; the target (no SP allowed) sits between.
        guard line.count >= methodBytes.count + 11, line[line.endIndex - 9] == ByteClass.space else {
            throw .malformed("malformed request line")
        }
        self.version = try Self.parseVersion(line[(line.endIndex - 8)...])
        let target = line[(firstSpace + 1)..<(line.endIndex - 9)]
        guard !target.isEmpty, target.allSatisfy(ByteClass.isTargetChar) else {
            throw .malformed("invalid request target")
        }
        self.method = HTTPMethod.parse(methodBytes)
        self.target = Array(target)
    }

    /// RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive.
    private static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.starts(with: "HTTP/".utf8), bytes[bytes.startIndex + 6] == UInt8(ascii: ".") else {
            throw .malformed("invalid HTTP version")
        }
        let major = bytes[bytes.startIndex + 5]
        let minor = bytes[bytes.startIndex + 7]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(major), digits.contains(minor) else { throw .malformed("invalid HTTP version") }
        guard major == UInt8(ascii: "1") else { throw .versionNotSupported }
        // RFC 9110 §6.2: a higher minor version is answered as the highest we support.
        return minor == UInt8(ascii: "0") ? .http1_0 : .http1_1
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
    static func splitField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        // RFC 9112 §5.2: obs-fold (a line starting with SP or HTAB) is refused with 400.
        guard let first = line.first, first != ByteClass.space, first != ByteClass.tab else {
            throw .malformed("obsolete line folding")
        }
        guard let colon = line.firstIndex(of: ByteClass.colon) else { throw .malformed("header line without colon") }
        let name = line[line.startIndex..<colon]
        // RFC 9112 §5.1: no whitespace is allowed between the field name and colon → 400.
        if let last = name.last, last == ByteClass.space || last == ByteClass.tab {
            throw .malformed("whitespace before colon")
        }
        guard !name.isEmpty, name.allSatisfy(ByteClass.isTokenChar) else { throw .malformed("invalid header name") }
        var valueStart = colon + 1
        var valueEnd = line.endIndex
        while valueStart < valueEnd, line[valueStart] == ByteClass.space || line[valueStart] == ByteClass.tab {
            valueStart += 1
        }
        while valueEnd > valueStart, line[valueEnd - 1] == ByteClass.space || line[valueEnd - 1] == ByteClass.tab {
            valueEnd -= 1
        }
        let value = line[valueStart..<valueEnd]
        // RFC 9110 §5.5: CR, LF, NUL and other controls are invalid in a field value → 400.
        guard value.allSatisfy(ByteClass.isFieldValueChar) else {
            throw .malformed("control character in header value")
        }
        return (name, value)
    }

    mutating func addField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) {
        let (nameBytes, valueBytes) = try Self.splitField(line)
        let name = String(decoding: nameBytes, as: UTF8.self)
        let value = String(decoding: valueBytes, as: UTF8.self)
        switch nameBytes.count {
        case 4 where Self.equalsLowercase(nameBytes, "host"): hosts.append(value)
        case 6 where Self.equalsLowercase(nameBytes, "expect"): expectValues.append(value)
        case 10 where Self.equalsLowercase(nameBytes, "connection"): connectionValues.append(value)
        case 14 where Self.equalsLowercase(nameBytes, "content-length"): contentLengths.append(value)
        case 17 where Self.equalsLowercase(nameBytes, "transfer-encoding"): transferEncodings.append(value)
        default: break
        }
        headers.appendValidated(name: name, value: value)
    }

    private static func equalsLowercase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { literal in
            bytes.count == literal.count && zip(bytes, literal).allSatisfy { ByteClass.lowercased($0) == $1 }
        }
    }

    /// The checks that need the whole header section: Host, framing, persistence and expectations.
    func finish(limits: HTTPParserLimits) throws(HTTPParseError) -> RequestHead {
        // RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host, or with more than one.
        if version == .http1_1 && hosts.isEmpty { throw .malformed("missing Host header") }
        if hosts.count > 1 { throw .malformed("duplicate Host header") }
        if let host = hosts.first, !Self.isValidHost(host) { throw .malformed("invalid Host header") }
        let framing = try Self.framing(
            contentLengths: contentLengths,
            transferEncodings: transferEncodings,
            version: version,
            limits: limits
        )
        let (path, query) = try RequestTarget.split(target[...], method: method)
        let tokens = connectionValues.flatMap { $0.split(separator: ",") }.map {
            HTTPHeaders.trimmed(String($0)).lowercased()
        }
        // RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
        let keepAlive =
            version == .http1_1
            ? !tokens.contains("close") : (tokens.contains("keep-alive") && !tokens.contains("close"))
        return RequestHead(
            method: method,
            version: version,
            target: String(decoding: target, as: UTF8.self),
            path: path,
            query: query,
            headers: headers,
            keepAlive: keepAlive,
            expectation: expectation(),
            framing: framing
        )
    }

    /// RFC 9110 §10.1.1: only `100-continue` is defined; an HTTP/1.0 request's expectation MUST be ignored.
    private func expectation() -> Expectation {
        guard version == .http1_1, !expectValues.isEmpty else { return .none }
        let elements = expectValues.flatMap { $0.split(separator: ",") }.map { HTTPHeaders.trimmed(String($0)) }
        let onlyContinue = !elements.isEmpty && elements.allSatisfy { ByteClass.equalsIgnoringCase($0, "100-continue") }
        return onlyContinue ? .continue100 : .unsupported
    }

    /// RFC 9112 §6.1 and §6.3: the anti-smuggling rules for the body length.
    static func framing(
        contentLengths: [String],
        transferEncodings: [String],
        version: HTTPVersion,
        limits: HTTPParserLimits
    ) throws(HTTPParseError) -> BodyFraming {
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1: both present is a smuggling attempt; we refuse instead of letting TE win.
            guard contentLengths.isEmpty else { throw .malformed("both Content-Length and Transfer-Encoding") }
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is faulty framing.
            guard version == .http1_1 else { throw .malformed("Transfer-Encoding in HTTP/1.0 request") }
            let codings = transferEncodings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map {
                HTTPHeaders.trimmed(String($0))
            }
            guard codings.allSatisfy(ByteClass.isToken) else { throw .malformed("invalid Transfer-Encoding") }
            let chunkedCount = codings.filter { ByteClass.equalsIgnoringCase($0, "chunked") }.count
            // RFC 9112 §6.3: chunked must be the final coding, and applied only once (§6.1), else 400.
            guard let last = codings.last, ByteClass.equalsIgnoringCase(last, "chunked"), chunkedCount == 1 else {
                throw .malformed("chunked is not the final transfer coding")
            }
            // RFC 9112 §6.1: a coding we do not implement (gzip, chunked) → 501.
            guard codings.count == 1 else { throw .unsupportedTransferCoding }
            return .chunked
        }
        guard let value = contentLengths.first else { return .none }
        // RFC 9110 §8.6: duplicates and lists are refused outright, even when the values agree (as nginx does).
        guard contentLengths.count == 1 else { throw .malformed("duplicate Content-Length") }
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .malformed("invalid Content-Length")
        }
        let significant = value.drop { $0 == "0" }
        if significant.isEmpty { return .none }
        guard significant.utf8.count <= 18, let length = Int(significant) else { throw .contentTooLarge }
        guard length <= limits.maxBodySize else { throw .contentTooLarge }
        return length == 0 ? .none : .length(length)
    }

    /// RFC 9110 §7.2 / RFC 3986 §3.2.2: Host = uri-host [ ":" port ]; characters of reg-name, IP literals and port.
    private static func isValidHost(_ host: String) -> Bool {
        host.utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"),
                UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "%"), UInt8(ascii: "!"), UInt8(ascii: "$"),
                UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
                UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
                return true
            default: return false
            }
        }
    }
}
