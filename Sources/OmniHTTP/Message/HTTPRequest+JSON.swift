public import FoundationEssentials

extension HTTPRequest {
    /// Decodes a JSON body, with an error that says precisely what is wrong (→ 400, or 415 for another media type).
    ///
    /// A body without `Content-Type` is accepted; any other type than `application/json` or `+json` is refused.
    public func decodeJSON<T: Decodable>(
        _ type: T.Type,
        decoder: JSONDecoder = JSONDecoder()
    ) throws(RequestBodyError)
        -> T
    {
        if let mediaType, mediaType != "application/json", !mediaType.hasSuffix("+json") {
            throw .unsupportedMediaType(expected: "application/json")
        }
        guard !body.isEmpty else { throw .invalidJSON("empty body") }
        do {
            return try decoder.decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw .invalidJSON(Self.describe(error))
        } catch {
            throw .invalidJSON("malformed JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty
                ? "the body"
                : "'" + codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))"
            return "missing field '\(key.stringValue)'\(parent)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "invalid value for \(path(context.codingPath))"
        @unknown default:
            return "malformed JSON"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default: return type is any Collection.Type ? "an array" : "an object"
        }
    }
}

/// A request body that cannot be used.
public enum RequestBodyError: Error, Sendable, Equatable, HTTPStatusError {
    /// The `Content-Type` is not the one the endpoint takes → 415.
    case unsupportedMediaType(expected: String)
    /// The JSON is malformed or does not match the expected shape → 400, with the field at fault.
    case invalidJSON(String)
    /// The form body has an invalid escape or is not UTF-8 → 400.
    case invalidForm(FormDecodingError)

    /// 415 or 400.
    public var status: HTTPStatus {
        switch self {
        case .unsupportedMediaType: return .unsupportedMediaType
        case .invalidJSON, .invalidForm: return .badRequest
        }
    }

    /// E.g. `missing field 'phone'`.
    public var publicMessage: String {
        switch self {
        case .unsupportedMediaType(let expected): return "Content-Type must be \(expected)"
        case .invalidJSON(let reason): return reason
        case .invalidForm(let error): return error.publicMessage
        }
    }
}
