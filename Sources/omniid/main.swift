// The omniid command line: parse, dispatch, and turn every failure into one line and an exit code.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Files this process creates (database, WAL, outbox, keys) are private to its user.
umask(0o077)
let arguments = Array(CommandLine.arguments.dropFirst())
let status = await Command.run(arguments)
exit(status)
