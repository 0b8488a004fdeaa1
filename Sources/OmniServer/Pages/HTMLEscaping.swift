/// Escaping for text that lands in server-rendered HTML.
///
/// Every value a page interpolates goes through ``escape(_:)``, whether it lands in element text or in a
/// double- or single-quoted attribute. No value is ever interpolated into script or style text: scripts read
/// their data from `data-` attributes instead.
public enum HTML {
    /// Escapes the five characters that are significant in text and quoted attributes (HTML §13.1.2.6,
    /// OWASP XSS prevention rules 1 and 2), and replaces NUL and other C0 controls except tab, line feed and
    /// carriage return, which HTML parsers treat as errors, with U+FFFD.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
