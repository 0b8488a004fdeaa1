import COpenSSL

/// Compares two byte strings in time that depends only on their lengths, never on where they
/// differ (`CRYPTO_memcmp`), so a MAC or token hash check leaks nothing through timing.
///
/// Lengths are not secret here (MACs and digests have fixed lengths): unequal lengths return
/// `false` at once.
public func constantTimeEquals<A: Collection, B: Collection>(
    _ lhs: A,
    _ rhs: B
) -> Bool where A.Element == UInt8, B.Element == UInt8 {
    guard lhs.count == rhs.count else { return false }
    guard !lhs.isEmpty else { return true }
    return withBytes(lhs) { left in
        withBytes(rhs) { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}
