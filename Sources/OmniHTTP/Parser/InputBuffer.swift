/// The bytes received on a connection and not yet consumed by the parser.
///
/// Consumed bytes are dropped lazily: the storage is reset when everything is consumed, and compacted when the
/// consumed prefix dominates, so pipelined requests cost no copy in the common case.
struct InputBuffer {
    private(set) var storage: [UInt8] = []
    private(set) var readIndex = 0

    var readableCount: Int { storage.count - readIndex }
    var isEmpty: Bool { readIndex == storage.count }

    mutating func consume(_ count: Int) {
        readIndex += count
        if readIndex >= storage.count {
            // Keep a modest buffer for the next request; give back what a large body needed.
            if storage.capacity > 64 * 1024 {
                storage = []
            } else {
                storage.removeAll(keepingCapacity: true)
            }
            readIndex = 0
        } else if readIndex > 16 * 1024 && readIndex * 2 > storage.count {
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// The socket layer appends received bytes here.
    mutating func withAppendableStorage<R>(_ body: (inout [UInt8]) -> R) -> R {
        body(&storage)
    }

    mutating func removeAll() {
        storage = []
        readIndex = 0
    }
}
