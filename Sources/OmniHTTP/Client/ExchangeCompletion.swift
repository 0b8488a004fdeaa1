import Synchronization

/// The one-shot meeting point of a task awaiting a response and the client loop (or the resolver, or a cancellation
/// handler) that produces it: whoever comes first resumes the continuation, later results are dropped.
final class ExchangeCompletion: Sendable {
    typealias Outcome = Result<HTTPClientResponse, HTTPClientError>

    private enum State {
        case pending
        case waiting(CheckedContinuation<Outcome, Never>)
        /// Finished before the continuation was installed (cancelled before it even started).
        case finished(Outcome)
        case resumed
    }

    private let state = Mutex(State.pending)

    /// Installs the awaiting continuation; false if the exchange already finished (then it was resumed here).
    func install(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        let early = state.withLock { state -> Outcome? in
            switch state {
            case .pending:
                state = .waiting(continuation)
                return nil
            case .finished(let outcome):
                state = .resumed
                return outcome
            case .waiting, .resumed:
                return .failure(.cancelled)
            }
        }
        guard let early else { return true }
        continuation.resume(returning: early)
        return false
    }

    /// Delivers `outcome` if nothing was delivered yet; true if this call won.
    @discardableResult
    func finish(_ outcome: Outcome) -> Bool {
        let (won, continuation) = state.withLock { state -> (Bool, CheckedContinuation<Outcome, Never>?) in
            switch state {
            case .pending:
                state = .finished(outcome)
                return (true, nil)
            case .waiting(let continuation):
                state = .resumed
                return (true, continuation)
            case .finished, .resumed:
                return (false, nil)
            }
        }
        continuation?.resume(returning: outcome)
        return won
    }

    /// Whether a result was already delivered (the resolver skips lookups nobody waits for).
    var isFinished: Bool {
        state.withLock { state in
            switch state {
            case .pending, .waiting: false
            case .finished, .resumed: true
            }
        }
    }
}
