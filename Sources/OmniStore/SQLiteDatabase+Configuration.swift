extension SQLiteDatabase {
    /// How a ``SQLiteDatabase`` opens its connections.
    public struct Configuration: Sendable {
        /// Reader connections serving `read` concurrently (at least 1). Default 4.
        public var readerCount: Int

        /// How long a connection waits for a lock held by another process (for example the
        /// `omniid` command line writing while the server runs) before failing with
        /// `SQLITE_BUSY`. Default 5 seconds.
        public var busyTimeout: Duration

        /// Creates a configuration.
        public init(readerCount: Int = 4, busyTimeout: Duration = .seconds(5)) {
            self.readerCount = readerCount
            self.busyTimeout = busyTimeout
        }

        var busyTimeoutMilliseconds: Int32 {
            let (seconds, attoseconds) = busyTimeout.components
            let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
            return Int32(clamping: max(0, milliseconds))
        }
    }
}
