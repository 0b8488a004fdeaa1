import Glibc
import Testing

@testable import OmniHTTP

@Suite("Epoll: waiting")
struct EpollTests {
    @Test func readyDescriptorIsReportedWithItsToken() throws {
        let epoll = try Epoll(capacity: 4)
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        #expect(write(ends[1], "x", 1) == 1)
        let added = epoll.add(ends[0], token: 42, interest: .readable)
        #expect(added)
        var tokens: [UInt64] = []
        try epoll.wait(timeoutMilliseconds: 1000) { tokens.append($0.token) }
        #expect(tokens == [42])
    }

    /// A loop whose epoll descriptor stopped being one must end, not spin on the same error.
    @Test func aDescriptorThatIsNoLongerEpollThrowsInsteadOfReturningEmpty() throws {
        let epoll = try Epoll(capacity: 4)
        // Turn the epoll descriptor into a pipe (the number stays ours, so Epoll's deinit closes
        // only what it owns).
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        let target = epoll.fd
        #expect(dup2(ends[0], target) == target)
        for end in ends { close(end) }
        var called = false
        #expect(throws: SystemCallError.self) {
            try epoll.wait(timeoutMilliseconds: -1) { _ in called = true }
        }
        #expect(!called)
    }
}
