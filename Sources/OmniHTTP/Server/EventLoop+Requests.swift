/// Reading, parsing and dispatching requests.
extension EventLoop {
    func readAvailable(_ connection: Connection, hangup: Bool) {
        if connection.phase == .lingering {
            switch scratch.discard(connection.descriptor) {
            case .bytes, .wouldBlock: return
            case .endOfFile, .failed: close(connection)
            }
            return
        }
        let room =
            connection.phase == .awaitingHandler
            ? Self.maxBufferedWhileBusy - connection.input.readableCount : 64 * 1024
        guard room > 0 else {
            updateInterest(connection)
            return
        }
        let outcome = connection.input.withAppendableStorage {
            scratch.read(connection.descriptor, appendingTo: &$0, limit: room)
        }
        switch outcome {
        case .bytes:
            if connection.phase == .reading {
                process(connection)
            } else {
                updateInterest(connection)
            }
        case .wouldBlock:
            return
        case .endOfFile:
            connection.peerClosed = true
            // A half-closed client still gets the response in flight; a fully gone one gets nothing.
            if hangup || (connection.phase == .reading && !connection.hasPendingOutput) {
                close(connection)
            } else {
                connection.closeAfterWrite = true
                updateInterest(connection)
            }
        case .failed:
            close(connection)
        }
    }

    /// Parses and answers as many buffered requests as possible, then flushes once (pipelined responses are
    /// batched into one write, and stay in request order since one request is handled at a time).
    func process(_ connection: Connection) {
        while connection.phase == .reading && !connection.closeAfterWrite
            && connection.output.count - connection.outputOffset < Self.outputHighWatermark
        {
            if connection.deadlineKind != .request && !connection.input.isEmpty {
                connection.requestStart = now
                connection.setDeadline(.request, at: now + requestTimeout)
            }
            let event: HTTPRequestParser.Event?
            do {
                event = try connection.parser.next(&connection.input)
            } catch {
                respondWithError(connection, status: error.status, reason: error.reason)
                return
            }
            guard let event else { break }
            switch event {
            case .head(let head):
                connection.pendingHead = head
                if head.expectation == .unsupported {
                    // RFC 9110 §10.1.1: an expectation we cannot meet → 417.
                    respondWithError(connection, status: .expectationFailed, reason: "unsupported expectation")
                    return
                }
                // RFC 9110 §10.1.1: the body is acceptable (size checked by the parser), so invite it — unless the
                // client already started sending it.
                if head.expectation == .continue100 && head.framing != .none && connection.input.isEmpty {
                    connection.output.append(contentsOf: ResponseEncoder.continueLine)
                }
            case .message(let body):
                guard let head = connection.pendingHead else { continue }
                connection.pendingHead = nil
                dispatch(connection, head: head, body: body)
            }
        }
        if connection.hasPendingOutput && !flush(connection) { return }
        guard connections[connection.id] != nil else { return }
        if connection.phase == .reading && !connection.closeAfterWrite {
            if connection.parser.isMidRequest || !connection.input.isEmpty {
                if connection.deadlineKind != .request {
                    connection.requestStart = now
                    connection.setDeadline(.request, at: now + requestTimeout)
                }
            } else if connection.deadlineKind != .idle {
                connection.setDeadline(.idle, at: now + idleTimeout)
            }
        }
        updateInterest(connection)
    }

    private func dispatch(_ connection: Connection, head: RequestHead, body: [UInt8]) {
        connection.setDeadline(.none, at: 0)
        var request = HTTPRequest(head: head, body: body, remoteAddress: connection.remoteAddress)
        connection.inFlight = Connection.InFlight(
            method: head.method,
            path: head.path,
            route: nil,
            version: head.version,
            keepAlive: head.keepAlive,
            requestBodyBytes: body.count
        )
        if head.path == "*" {
            // RFC 9110 §9.3.7: OPTIONS * asks about the server itself.
            finish(connection, response: HTTPResponse(status: .noContent))
            return
        }
        let match: RouteMatch
        do {
            match = try context.router.match(method: head.method, path: head.path)
        } catch {
            respondWithError(connection, status: .badRequest, reason: error.publicMessage)
            return
        }
        switch match {
        case .notFound:
            finish(
                connection,
                response: HTTPErrorResponses.response(status: .notFound, description: "no such resource")
            )
        case .methodNotAllowed(let allowed):
            // RFC 9110 §15.5.6: 405 MUST list the allowed methods; §9.3.7: OPTIONS answers with them.
            var response =
                head.method == .OPTIONS
                ? HTTPResponse(status: .noContent)
                : HTTPErrorResponses.response(status: .methodNotAllowed, description: "method not allowed")
            response.headers.appendValidated(name: "Allow", value: allowed.map(\.rawValue).joined(separator: ", "))
            finish(connection, response: response)
        case .found(let route, let parameters):
            request.pathParameters = parameters
            request.route = route.pattern.text
            connection.inFlight?.route = route.pattern.text
            switch route.handler {
            case .inline(let handler):
                let response: HTTPResponse
                do {
                    response = try handler(request)
                } catch {
                    response = context.errorMapper(error, request)
                }
                finish(connection, response: response)
            case .async(let handler):
                connection.phase = .awaitingHandler
                let inbox = self.inbox
                let mapper = context.errorMapper
                let id = connection.id
                Task {
                    let response: HTTPResponse
                    do {
                        response = try await handler(request)
                    } catch {
                        response = mapper(error, request)
                    }
                    inbox.post(.response(connection: id, response))
                }
            }
        }
    }

    /// An async handler's response arrived on the loop.
    func completeAsync(_ connection: Connection, response: HTTPResponse) {
        connection.phase = .reading
        finish(connection, response: response)
        process(connection)
    }

    /// Encodes the response of the request in flight into the output buffer and reports it.
    func finish(_ connection: Connection, response: HTTPResponse) {
        guard let inFlight = connection.inFlight else { return }
        connection.inFlight = nil
        let keepAlive =
            inFlight.keepAlive && !connection.closeAfterWrite && !connection.peerClosed
            && !connection.closeAfterCurrentRequest
        let bodyBytes = ResponseEncoder.encode(
            response,
            headOnly: inFlight.method == .HEAD,
            keepAlive: keepAlive,
            version: inFlight.version,
            dateLine: dateLine,
            into: &connection.output
        )
        if !keepAlive { connection.closeAfterWrite = true }
        context.observer.requestCompleted(
            HTTPRequestRecord(
                method: inFlight.method,
                path: inFlight.path,
                route: inFlight.route,
                status: response.status,
                duration: Duration(nanoseconds: now &- connection.requestStart),
                requestBodyBytes: inFlight.requestBodyBytes,
                responseBodyBytes: bodyBytes,
                remoteAddress: connection.remoteAddress
            )
        )
        connection.requestStart = now
    }

    /// Answers a framing, limit or timeout error and closes (RFC 9112 §6.3, §9.6: the stream can no longer be
    /// trusted, so the connection never carries another request).
    func respondWithError(_ connection: Connection, status: HTTPStatus, reason: String) {
        let head = connection.pendingHead
        let inFlight = connection.inFlight
        connection.pendingHead = nil
        connection.inFlight = nil
        connection.phase = .reading
        connection.closeAfterWrite = true
        connection.input.removeAll()
        let response = HTTPErrorResponses.response(status: status, description: reason)
        let bodyBytes = ResponseEncoder.encode(
            response,
            headOnly: false,
            keepAlive: false,
            version: .http1_1,
            dateLine: dateLine,
            into: &connection.output
        )
        context.observer.requestCompleted(
            HTTPRequestRecord(
                method: inFlight?.method ?? head?.method,
                path: inFlight?.path ?? head?.path,
                route: inFlight?.route,
                status: status,
                duration: Duration(nanoseconds: now &- connection.requestStart),
                requestBodyBytes: 0,
                responseBodyBytes: bodyBytes,
                remoteAddress: connection.remoteAddress
            )
        )
        _ = flush(connection)
    }
}
