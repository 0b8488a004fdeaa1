import FoundationEssentials
import OmniCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system side of the key store: modes, atomic writes, the advisory lock, change
/// detection. Everything here is synchronous and short; callers never hold it across awaits.
enum KeyFiles {
    /// Identity of a file's current content, for change detection: a rename replaces the
    /// inode, and size and mtime catch in-place edits.
    struct Signature: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    static func signature(of path: String) -> Signature? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Signature(
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            size: Int64(info.st_size),
            modifiedSeconds: Int(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int(info.st_mtim.tv_nsec)
        )
    }

    /// Creates `path` as a 0700 directory if missing, with any missing parents (those get the
    /// usual 0755 less umask); the key folder's own mode is set explicitly, whatever the umask.
    static func ensureDirectory(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 { return }
        var parent = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            parent += parent.isEmpty && !path.hasPrefix("/") ? String(component) : "/" + component
            if component.isEmpty || stat(parent, &info) == 0 { continue }
            guard mkdir(parent, 0o755) == 0 || errno == EEXIST else { throw io("mkdir", parent) }
        }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw io("mkdir", path) }
        guard chmod(path, 0o700) == 0 else { throw io("chmod", path) }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Reads a private key file, refusing it if group or others have any access.
    static func readPrivate(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw KeyStoreError.missingKeyFile(path: path) }
            throw io("stat", path)
        }
        let mode = UInt32(info.st_mode)
        guard mode & 0o077 == 0 else { throw KeyStoreError.insecureKeyFile(path: path, mode: mode & 0o7777) }
        return String(decoding: try readFile(path), as: UTF8.self)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw KeyStoreError.missingKeyFile(path: path) }
            throw io("open", path)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw io("read", path)
            }
            if count == 0 { return out }
            out += buffer.prefix(count)
        }
    }

    /// Writes a new file with `mode` (O_EXCL: never overwrites), flushed to disk.
    static func create(_ path: String, contents: [UInt8], mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw io("create", path) }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw io("fchmod", path) }
        var written = 0
        while written < contents.count {
            let count = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw io("write", path)
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw io("fsync", path) }
    }

    /// Replaces `path` atomically: a temporary file in the same folder, then `rename(2)`, so a
    /// reader sees the old content or the new, never half of either.
    static func replaceAtomically(_ path: String, contents: [UInt8], directory: String) throws {
        let suffix = (try? SecureRandom.bytes(count: 8))?.map { String($0, radix: 16) }.joined() ?? "0"
        let temporary = "\(path).tmp-\(getpid())-\(suffix)"
        try create(temporary, contents: contents, mode: 0o600)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw io("rename", path)
        }
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Runs `body` holding an exclusive `flock(2)` on `path` (created if needed). The lock is
    /// per open file description, so two stores in one process exclude each other too.
    static func withExclusiveLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw io("open", path) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw io("flock", path) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func io(_ operation: String, _ path: String) -> KeyStoreError {
        .io(operation: operation, path: path, errno: errno)
    }
}
