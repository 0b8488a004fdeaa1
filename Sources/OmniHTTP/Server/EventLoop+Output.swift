/// Writing, epoll interest, closing.
extension EventLoop {
    /// Writes pending output; returns true when everything was written and the connection is still open.
    @discardableResult
    func flush(_ connection: Connection) -> Bool {
        while connection.hasPendingOutput {
            switch POSIXSocket.write(connection.descriptor, connection.output, from: connection.outputOffset) {
            case .wrote(let count):
                connection.outputOffset += count
                if connection.deadlineKind == .write { connection.setDeadline(.write, at: now + writeTimeout) }
            case .wouldBlock:
                // The socket is full: wait for EPOLLOUT and stop reading meanwhile (backpressure).
                if connection.deadlineKind != .write { connection.setDeadline(.write, at: now + writeTimeout) }
                updateInterest(connection)
                return false
            case .failed:
                close(connection)
                return false
            }
        }
        if connection.output.capacity > Self.outputHighWatermark {
            connection.output = []
        } else {
            connection.output.removeAll(keepingCapacity: true)
        }
        connection.outputOffset = 0
        if connection.deadlineKind == .write { connection.setDeadline(.none, at: 0) }
        if connection.closeAfterWrite && connection.phase == .reading && connection.inFlight == nil {
            beginLingeringClose(connection)
            return false
        }
        return true
    }

    /// Output drained after EPOLLOUT: carry on with buffered pipelined requests.
    func resumeAfterFlush(_ connection: Connection) {
        guard connections[connection.id] != nil else { return }
        if connection.phase == .reading {
            process(connection)
        } else {
            updateInterest(connection)
        }
    }

    /// Reads when there is room (backpressure), writes when output is pending.
    func updateInterest(_ connection: Connection) {
        guard connections[connection.id] != nil else { return }
        var interest: EpollInterest = []
        let wantsRead: Bool
        switch connection.phase {
        case .lingering:
            wantsRead = true
        case .reading:
            wantsRead = connection.output.count - connection.outputOffset < Self.outputHighWatermark
        case .awaitingHandler:
            wantsRead = connection.input.readableCount < Self.maxBufferedWhileBusy
        }
        if wantsRead && !connection.peerClosed { interest.insert(.readable) }
        if connection.hasPendingOutput { interest.insert(.writable) }
        guard interest != connection.registeredInterest else { return }
        connection.registeredInterest = interest
        if !epoll.modify(connection.descriptor, token: connection.id, interest: interest) { close(connection) }
    }

    /// Shuts our side down and drains what the client still sends, so that it reads our last response instead of
    /// a reset (what nginx calls lingering close).
    func beginLingeringClose(_ connection: Connection) {
        guard !connection.peerClosed else {
            close(connection)
            return
        }
        POSIXSocket.shutdownWrite(connection.descriptor)
        connection.phase = .lingering
        connection.input.removeAll()
        connection.setDeadline(.linger, at: now + Self.lingerNanoseconds)
        updateInterest(connection)
    }

    func close(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        epoll.remove(connection.descriptor)
        POSIXSocket.close(connection.descriptor)
        context.connections.value.wrappingSubtract(1, ordering: .relaxed)
        context.observer.connectionEvent(.closed(connection.remoteAddress))
    }
}
