/// The exchange state machine: connect → TLS handshake → write → read, each step resumed by epoll readiness.
extension ClientLoop {
    /// Readiness (or an error/hang-up) on the exchange's socket.
    func drive(_ exchange: ClientExchange, hangup: Bool) {
        switch exchange.phase {
        case .resolving:
            return
        case .connecting:
            completeConnect(exchange)
        case .handshaking:
            handshake(exchange)
        case .writing:
            writeRequest(exchange)
        case .reading:
            readResponse(exchange)
        }
    }

    /// Tries the next resolved address; when none is left, fails with the last connect error.
    func connectNext(_ exchange: ClientExchange) {
        while exchange.nextAddress < exchange.addresses.count {
            let address = exchange.addresses[exchange.nextAddress]
            exchange.nextAddress += 1
            switch POSIXSocket.connect(to: address) {
            case .connected(let descriptor):
                exchange.descriptor = descriptor
                connected(exchange)
                return
            case .inProgress(let descriptor):
                exchange.descriptor = descriptor
                exchange.phase = .connecting
                _ = wait(exchange, for: .writable)
                return
            case .failed(let error):
                exchange.lastConnectError = error
            }
        }
        let url = exchange.job.url
        let reason = exchange.lastConnectError.map { "\($0)" } ?? "no address"
        finish(exchange, .failure(.connectFailed(host: url.host, port: url.port, reason: reason)))
    }

    private func completeConnect(_ exchange: ClientExchange) {
        let error = POSIXSocket.pendingError(exchange.descriptor)
        guard error == 0 else {
            // Refused or unreachable: try the host's next address (IPv6 then IPv4, say).
            exchange.lastConnectError = SystemCallError(call: "connect", errno: error)
            closeSocket(exchange)
            connectNext(exchange)
            return
        }
        connected(exchange)
    }

    private func connected(_ exchange: ClientExchange) {
        let url = exchange.job.url
        guard url.isTLS else {
            exchange.phase = .writing
            writeRequest(exchange)
            return
        }
        do {
            exchange.tls = try TLSConnection(
                context: context.tls,
                descriptor: exchange.descriptor,
                host: url.host,
                isIPAddress: url.numericAddress != nil
            )
        } catch {
            finish(exchange, .failure(error))
            return
        }
        exchange.phase = .handshaking
        handshake(exchange)
    }

    private func handshake(_ exchange: ClientExchange) {
        guard let tls = exchange.tls else { return }
        switch tls.handshake() {
        case .done:
            exchange.phase = .writing
            writeRequest(exchange)
        case .wait(let interest):
            _ = wait(exchange, for: interest)
        case .failed(let error):
            finish(exchange, .failure(error))
        }
    }

    private func writeRequest(_ exchange: ClientExchange) {
        while exchange.written < exchange.job.bytes.count {
            switch exchange.write() {
            case .wrote(let count):
                exchange.written += count
            case .wait(let interest):
                _ = wait(exchange, for: interest)
                return
            case .failed(let error):
                finish(exchange, .failure(error))
                return
            }
        }
        exchange.phase = .reading
        readResponse(exchange)
    }

    /// Reads until the socket would block (TLS may hold decrypted bytes epoll cannot see, so no early stop).
    private func readResponse(_ exchange: ClientExchange) {
        while true {
            let outcome = exchange.read(into: scratch)
            do throws(HTTPClientError) {
                switch outcome {
                case .bytes(let count):
                    exchange.parser.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                    if let response = try exchange.parser.advance() {
                        finish(exchange, .success(response))
                        return
                    }
                case .wait(let interest):
                    _ = wait(exchange, for: interest)
                    return
                case .endOfFile:
                    finish(exchange, .success(try exchange.parser.finish()))
                    return
                case .truncated:
                    // RFC 9112 §9.8: without close_notify only a length- or chunk-delimited body is complete, and
                    // such a body completed in `advance()` already.
                    finish(exchange, .failure(.connectionClosed))
                    return
                case .failed(let error):
                    finish(exchange, .failure(error))
                    return
                }
            } catch {
                finish(exchange, .failure(error))
                return
            }
        }
    }

    /// Waits for `interest`; on an epoll failure the exchange fails and false is returned.
    private func wait(_ exchange: ClientExchange, for interest: IOInterest) -> Bool {
        guard watch(exchange, for: interest) else {
            let url = exchange.job.url
            finish(
                exchange,
                .failure(.connectFailed(host: url.host, port: url.port, reason: "epoll_ctl failed"))
            )
            return false
        }
        return true
    }
}
