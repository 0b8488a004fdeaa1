/// A parsed command line: the subcommand words and the `--flag value` options that follow them.
///
/// Flags take exactly one value (`--config FILE` or `--config=FILE`); a flag that the command does not
/// declare, a missing value or a repeated flag is a usage error naming it.
struct Invocation: Equatable {
    var words: [String]
    var options: [String: String]

    struct UsageError: Error, CustomStringConvertible, Equatable {
        let description: String
    }

    /// Splits `arguments` (without the program name) into words and options, accepting only `allowed` flags.
    static func parse(_ arguments: [String], allowed: Set<String>) throws -> Invocation {
        var words: [String] = []
        var options: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                words.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard allowed.contains(name) else { throw UsageError(description: "unknown option --\(name)") }
            if value == nil {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError(description: "--\(name) needs a value")
                }
                value = arguments[index]
                index += 1
            }
            guard options[name] == nil else { throw UsageError(description: "--\(name) given twice") }
            options[name] = value
        }
        return Invocation(words: words, options: options)
    }

    /// The value of a required option.
    func required(_ name: String) throws -> String {
        guard let value = options[name], !value.isEmpty else { throw UsageError(description: "--\(name) is required") }
        return value
    }
}
