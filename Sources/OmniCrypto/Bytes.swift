/// Runs `body` over the bytes of `data` without copying when the collection is contiguous
/// (arrays, native strings' UTF-8 views), copying into an array otherwise.
@inline(__always)
func withBytes<Bytes: Collection, R>(
    _ data: Bytes,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
) rethrows -> R where Bytes.Element == UInt8 {
    if let result = try data.withContiguousStorageIfAvailable(body) {
        return result
    }
    return try Array(data).withUnsafeBufferPointer(body)
}
