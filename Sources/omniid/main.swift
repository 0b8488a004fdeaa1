// The omniid command line: parse, dispatch, and turn every failure into one line and an exit code.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
let status = await Command.run(arguments)
exit(status)
