/// Size limits enforced while parsing (see ``HTTPServerConfiguration`` for the defaults).
struct HTTPParserLimits: Sendable {
    var maxRequestLineLength: Int
    var maxHeaderSectionSize: Int
    var maxHeaderCount: Int
    var maxBodySize: Int
    /// A chunk-size line (size plus extensions); nginx-like bound, past it the chunk line is refused with 400.
    var maxChunkLineLength = 4096
}

/// An incremental HTTP/1.1 request parser (RFC 9112), strict about framing so that no intermediary can
/// disagree with it about where a request ends (request smuggling, RFC 9112 §11.2).
///
/// Lines must end in CRLF: a bare LF is refused (RFC 9112 §2.2 allows accepting it; refusing keeps us in step
/// with strict gateways), and a bare CR anywhere is refused (RFC 9112 §2.2 MUST). Complete lines are consumed
/// as they arrive, so a slow sender costs no rescanning.
struct HTTPRequestParser {
    /// What `next` produced.
    enum Event {
        /// The request line and headers, before any body byte: the connection may answer `100 Continue`.
        case head(RequestHead)
        /// The whole body (possibly empty): the request is complete.
        case message(body: [UInt8])
    }

    private enum State {
        case requestLine
        case headerLines
        case headComplete
        case lengthBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerLines
    }

    let limits: HTTPParserLimits
    private var state = State.requestLine
    /// Bytes of the current partial line already searched for LF.
    private var scanned = 0
    private var headerBytes = 0
    private var headerCount = 0
    private var emptyLinesBeforeRequest = 0
    private var partial: PartialHead?
    private var framing = BodyFraming.none
    private(set) var body: [UInt8] = []

    init(limits: HTTPParserLimits) {
        self.limits = limits
    }

    /// Whether bytes of a request have been consumed and the request is not complete yet (so a timeout
    /// deserves 408 rather than a silent close).
    var isMidRequest: Bool {
        if case .requestLine = state { return scanned > 0 || emptyLinesBeforeRequest > 0 }
        return true
    }

    /// Consumes bytes from `input` and returns the next event, or nil when more bytes are needed.
    mutating func next(_ input: inout InputBuffer) throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .requestLine, .headerLines, .trailerLines, .chunkSize:
                guard let line = try nextLine(input) else { return nil }
                let (start, end, consumed) = line
                let event = try handleLine(input.storage[start..<end])
                input.consume(consumed)
                if let event { return event }
            case .headComplete:
                switch framing {
                case .none:
                    return finishMessage()
                case .length(let length):
                    state = .lengthBody(remaining: length)
                case .chunked:
                    state = .chunkSize
                }
            case .lengthBody(let remaining):
                let take = min(remaining, input.readableCount)
                guard take > 0 else { return nil }
                if take == remaining && body.isEmpty {
                    body = Array(input.storage[input.readIndex..<input.readIndex + take])
                } else {
                    body.append(contentsOf: input.storage[input.readIndex..<input.readIndex + take])
                }
                input.consume(take)
                if take == remaining { return finishMessage() }
                state = .lengthBody(remaining: remaining - take)
            case .chunkData(let remaining):
                let take = min(remaining, input.readableCount)
                guard take > 0 else { return nil }
                body.append(contentsOf: input.storage[input.readIndex..<input.readIndex + take])
                input.consume(take)
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            case .chunkDataEnd:
                guard input.readableCount >= 2 else {
                    if input.readableCount == 1 && input.storage[input.readIndex] != ByteClass.cr {
                        throw .malformed("chunk data not followed by CRLF")
                    }
                    return nil
                }
                // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
                guard input.storage[input.readIndex] == ByteClass.cr, input.storage[input.readIndex + 1] == ByteClass.lf
                else { throw .malformed("chunk data not followed by CRLF") }
                input.consume(2)
                state = .chunkSize
            }
        }
    }

    /// Finds the next CRLF-terminated line; returns its content range and the bytes to consume.
    private mutating func nextLine(_ input: InputBuffer) throws(HTTPParseError) -> (Int, Int, Int)? {
        let start = input.readIndex
        let storage = input.storage
        let searchFrom = start + scanned
        guard let lf = storage[searchFrom...].firstIndex(of: ByteClass.lf) else {
            scanned = storage.count - start
            try checkPartialLine(length: scanned)
            return nil
        }
        let lineLength = lf - start
        try checkPartialLine(length: lineLength)
        scanned = 0
        // RFC 9112 §2.2: we do not accept a bare LF as a line terminator.
        guard lineLength > 0, storage[lf - 1] == ByteClass.cr else { throw .malformed("bare LF line terminator") }
        return (start, lf - 1, lineLength + 1)
    }

    private func checkPartialLine(length: Int) throws(HTTPParseError) {
        switch state {
        case .requestLine:
            // RFC 9112 §3: a request line longer than any URI we accept → 414.
            if length > limits.maxRequestLineLength { throw .requestLineTooLong }
        case .headerLines, .trailerLines:
            if headerBytes + length > limits.maxHeaderSectionSize { throw .headerSectionTooLarge }
        case .chunkSize:
            if length > limits.maxChunkLineLength { throw .malformed("chunk size line too long") }
        default:
            return
        }
    }

    private mutating func handleLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Event? {
        switch state {
        case .requestLine:
            if line.isEmpty {
                // RFC 9112 §2.2: SHOULD ignore at least one empty line before the request line; a few, not forever.
                emptyLinesBeforeRequest += 1
                if emptyLinesBeforeRequest > 4 { throw .malformed("empty lines before request line") }
                return nil
            }
            partial = try PartialHead(requestLine: line)
            state = .headerLines
            return nil
        case .headerLines:
            if line.isEmpty {
                guard let head = try partial?.finish(limits: limits) else { throw .malformed("missing request line") }
                partial = nil
                framing = head.framing
                // Trailers, if any, get their own budget of the same size.
                headerBytes = 0
                headerCount = 0
                state = .headComplete
                return .head(head)
            }
            try countHeaderLine(line)
            try partial?.addField(line)
            return nil
        case .trailerLines:
            if line.isEmpty { return finishMessage() }
            // RFC 9112 §7.1.2: trailer fields are tolerated (validated like header fields) and discarded.
            try countHeaderLine(line)
            _ = try PartialHead.splitField(line)
            return nil
        case .chunkSize:
            let size = try ChunkSizeLine.parse(line)
            guard size <= limits.maxBodySize - body.count else { throw .contentTooLarge }
            state = size == 0 ? .trailerLines : .chunkData(remaining: size)
            return nil
        default:
            return nil
        }
    }

    private mutating func countHeaderLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) {
        headerBytes += line.count + 2
        headerCount += 1
        if headerCount > limits.maxHeaderCount { throw .tooManyHeaderFields }
        if headerBytes > limits.maxHeaderSectionSize { throw .headerSectionTooLarge }
    }

    private mutating func finishMessage() -> Event {
        let completed = body
        body = []
        state = .requestLine
        scanned = 0
        headerBytes = 0
        headerCount = 0
        emptyLinesBeforeRequest = 0
        framing = .none
        return .message(body: completed)
    }
}

/// RFC 9112 §7.1: chunk-size [ chunk-ext ] with chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ).
enum ChunkSizeLine {
    static func parse(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = ByteClass.hexValue(line[index]) {
            // 15 hex digits already exceed any body limit: refuse before the arithmetic can overflow.
            guard size < (1 << 56) else { throw .contentTooLarge }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > line.startIndex else { throw .malformed("invalid chunk size") }
        var rest = line[index...]
        guard !rest.isEmpty else { return size }
        while let first = rest.first, first == ByteClass.space || first == ByteClass.tab {
            rest = rest.dropFirst()
        }
        guard rest.first == UInt8(ascii: ";") else { throw .malformed("invalid chunk size") }
        // Extensions are ignored, but they must not hide control characters (a bare CR, NUL...).
        guard rest.allSatisfy(ByteClass.isFieldValueChar) else { throw .malformed("invalid chunk extension") }
        return size
    }
}
