/// `sub` (RFC 7519 §4.1.2): "The "sub" (subject) claim identifies the principal that is the
/// subject of the JWT. ... The subject value MUST either be scoped to be locally unique in the
/// context of the issuer or be globally unique." In OmniID it is the member id.
public struct SubjectClaim: StringClaim {
    /// The subject identifier.
    public var value: String

    /// Wraps a subject identifier.
    public init(value: String) {
        self.value = value
    }
}
