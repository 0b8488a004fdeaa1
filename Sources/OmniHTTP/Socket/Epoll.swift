import CShims
import Glibc

/// Interest in readiness of one descriptor.
struct EpollInterest: OptionSet {
    let rawValue: UInt32
    static let readable = EpollInterest(rawValue: EPOLLIN.rawValue)
    static let writable = EpollInterest(rawValue: EPOLLOUT.rawValue)
    /// Wake only one of the loops sharing a listener (unused with SO_REUSEPORT, kept for completeness).
    static let exclusive = EpollInterest(rawValue: EPOLLEXCLUSIVE.rawValue)
}

/// One readiness event: the registered token and what is ready.
struct EpollEvent {
    let token: UInt64
    let readable: Bool
    let writable: Bool
    /// Error or hang-up: the next read or write reports the details.
    let hangup: Bool
}

/// A level-triggered epoll instance, owned by one event loop thread.
struct Epoll: ~Copyable {
    let fd: Int32
    private var events: UnsafeMutableBufferPointer<epoll_event>

    init(capacity: Int = 256) throws(SystemCallError) {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SystemCallError(call: "epoll_create1", errno: omni_errno()) }
        self.fd = fd
        self.events = .allocate(capacity: capacity)
    }

    deinit {
        events.deallocate()
        Glibc.close(fd)
    }

    func add(_ descriptor: Int32, token: UInt64, interest: EpollInterest) -> Bool {
        control(EPOLL_CTL_ADD, descriptor, token, interest)
    }

    func modify(_ descriptor: Int32, token: UInt64, interest: EpollInterest) -> Bool {
        control(EPOLL_CTL_MOD, descriptor, token, interest)
    }

    func remove(_ descriptor: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event)
    }

    private func control(_ operation: Int32, _ descriptor: Int32, _ token: UInt64, _ interest: EpollInterest) -> Bool {
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = token
        return epoll_ctl(fd, operation, descriptor, &event) == 0
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` for each ready descriptor.
    ///
    /// Throws only when waiting can never work again (`EBADF`, `EINVAL`: the epoll descriptor is
    /// gone), so that a loop ends instead of spinning on the same error forever; a signal
    /// (`EINTR`) is an ordinary empty wake-up.
    func wait(timeoutMilliseconds: Int32, _ body: (EpollEvent) -> Void) throws(SystemCallError) {
        let count = epoll_wait(fd, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        if count < 0 {
            let error = omni_errno()
            guard error == EINTR else { throw SystemCallError(call: "epoll_wait", errno: error) }
            return
        }
        guard count > 0 else { return }
        let errorMask = EPOLLERR.rawValue | EPOLLHUP.rawValue
        for index in 0..<Int(count) {
            let event = events[index]
            body(
                EpollEvent(
                    token: event.data.u64,
                    readable: event.events & EPOLLIN.rawValue != 0,
                    writable: event.events & EPOLLOUT.rawValue != 0,
                    hangup: event.events & errorMask != 0
                )
            )
        }
    }
}

/// An eventfd: other threads wake the loop by writing to it.
enum EventFD {
    static func make() throws(SystemCallError) -> Int32 {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw SystemCallError(call: "eventfd", errno: omni_errno()) }
        return fd
    }

    static func signal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(fd, $0.baseAddress, 8) }
    }

    static func drain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(fd, $0.baseAddress, 8) }
    }
}
