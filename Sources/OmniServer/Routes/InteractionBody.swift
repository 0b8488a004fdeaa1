import FoundationEssentials
import OmniHTTP
import OmniID

extension HTTPRequest {
    /// The JSON body of an interaction call (BRIEF: Channel sign-in, "All JSON bodies"). The
    /// `Content-Type` must say `application/json` (415 otherwise, a missing one included: a form post
    /// from another site cannot reach these endpoints without a CORS preflight); a malformed body or a
    /// missing field is `invalid_request` from the error boundary.
    func interactionBody<T: Decodable>(_ type: T.Type) throws -> T {
        guard mediaType == "application/json" else {
            throw RequestBodyError.unsupportedMediaType(expected: "application/json")
        }
        do {
            return try decodeJSON(type)
        } catch .unsupportedMediaType(let expected) {
            throw RequestBodyError.unsupportedMediaType(expected: expected)
        } catch {
            throw OAuthError.invalidRequest(error.publicMessage)
        }
    }
}
