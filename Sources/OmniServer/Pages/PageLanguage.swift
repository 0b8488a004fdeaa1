/// The languages the sign-in and error pages are written in.
public enum PageLanguage: String, Sendable, CaseIterable {
    /// Simplified Chinese, the default: the shop is mainland-first.
    case zhHans = "zh-CN"
    case en = "en"

    /// The value of `<html lang>` (BCP 47).
    public var htmlLang: String { rawValue }

    /// The strings of every user-visible text in this language.
    public var strings: PageStrings {
        switch self {
        case .zhHans: return .zhHans
        case .en: return .en
        }
    }

    /// Chooses a language from an `Accept-Language` header (RFC 9110 §12.5.4).
    ///
    /// Ranges are tried by descending `q`, ties in header order. `zh`, `zh-CN`, `zh-Hans` and `zh-SG` (and
    /// their longer forms) mean Simplified Chinese; any `en` range means English; `*` means "anything", which
    /// is the default. A range with a malformed tag or weight is ignored; `q=0` means "not acceptable"
    /// (RFC 9110 §12.4.2). With no match the page is Chinese, unless only English remains acceptable.
    public static func negotiate(acceptLanguage: String?) -> PageLanguage {
        guard let header = acceptLanguage else { return .zhHans }
        var ranges: [(tag: String, q: Int, order: Int)] = []
        // Bounded work whatever the header holds; real browsers send a handful of ranges.
        for (order, element) in header.split(separator: ",", omittingEmptySubsequences: true).prefix(32)
            .enumerated()
        {
            if let range = parseRange(element) { ranges.append((range.tag, range.q, order)) }
        }
        var excluded: Set<PageLanguage> = []
        for range in ranges where range.q == 0 {
            if let language = language(forRange: range.tag) { excluded.insert(language) }
        }
        let ordered = ranges.filter { $0.q > 0 }.sorted { ($0.q, -$0.order) > ($1.q, -$1.order) }
        for range in ordered {
            if range.tag == "*" {
                return PageLanguage.allCases.first { !excluded.contains($0) } ?? .zhHans
            }
            if let language = language(forRange: range.tag), !excluded.contains(language) { return language }
        }
        return excluded.contains(.zhHans) && !excluded.contains(.en) ? .en : .zhHans
    }

    /// The supported language a language range asks for, if any. Traditional Chinese (`zh-TW`, `zh-Hant`)
    /// is not offered, so those ranges fall through to the header's next choice.
    private static func language(forRange tag: String) -> PageLanguage? {
        let subtags = tag.split(separator: "-")
        guard let primary = subtags.first else { return nil }
        switch primary {
        case "zh":
            guard subtags.count > 1 else { return .zhHans }
            return ["cn", "hans", "sg"].contains(subtags[1]) ? .zhHans : nil
        case "en":
            return .en
        default:
            return nil
        }
    }

    /// One `language-range [ weight ]` element, lowercased, with `q` in thousandths.
    private static func parseRange(_ element: Substring) -> (tag: String, q: Int)? {
        let parts = element.split(separator: ";", omittingEmptySubsequences: false).map(trimmed)
        guard let tag = parts.first?.lowercased(), isLanguageRange(tag), parts.count <= 2 else { return nil }
        guard parts.count == 2 else { return (tag, 1000) }
        let weight = parts[1]
        guard weight.count >= 2, weight.prefix(2).lowercased() == "q=", let q = parseQValue(weight.dropFirst(2))
        else { return nil }
        return (tag, q)
    }

    /// RFC 4647 §2.1: `language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"`.
    private static func isLanguageRange(_ tag: String) -> Bool {
        if tag == "*" { return true }
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (1...8).contains(first.utf8.count),
            first.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.utf8.count)
                && subtag.utf8.allSatisfy {
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                }
        }
    }

    /// RFC 9110 §12.4.2: `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
    private static func parseQValue(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var fraction = bytes.dropFirst()
        if !fraction.isEmpty {
            guard fraction.first == UInt8(ascii: "."), fraction.count <= 4 else { return nil }
            fraction = fraction.dropFirst()
        }
        guard fraction.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        var thousandths = 0
        for (index, digit) in fraction.enumerated() {
            thousandths += Int(digit - UInt8(ascii: "0")) * [100, 10, 1][index]
        }
        if first == UInt8(ascii: "1") { return thousandths == 0 ? 1000 : nil }
        return thousandths
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[start...end]
    }
}
