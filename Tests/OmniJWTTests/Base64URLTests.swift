import OmniJWT
import XCTest

final class Base64URLTests: XCTestCase {
    func testEncodesWithoutPaddingUsingTheURLAlphabet() {
        XCTAssertEqual(Base64URL.encode([UInt8]()), "")
        XCTAssertEqual(Base64URL.encode(Array("f".utf8)), "Zg")
        XCTAssertEqual(Base64URL.encode(Array("fo".utf8)), "Zm8")
        XCTAssertEqual(Base64URL.encode(Array("foo".utf8)), "Zm9v")
        XCTAssertEqual(Base64URL.encode([0xFB, 0xFF, 0xBF]), "-_-_")
        // RFC 7515 Appendix C example.
        XCTAssertEqual(Base64URL.encode([3, 236, 255, 224, 193]), "A-z_4ME")
    }

    func testDecodesCanonicalInput() throws {
        XCTAssertEqual(try Base64URL.decode(""), [])
        XCTAssertEqual(try Base64URL.decode("Zg"), Array("f".utf8))
        XCTAssertEqual(try Base64URL.decode("Zm8"), Array("fo".utf8))
        XCTAssertEqual(try Base64URL.decode("A-z_4ME"), [3, 236, 255, 224, 193])
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            XCTAssertEqual(try Base64URL.decode(Base64URL.encode(bytes)), bytes)
        }
    }

    func testRejectsPadding() {
        XCTAssertThrowsError(try Base64URL.decode("Zg==")) {
            XCTAssertEqual($0 as? Base64URL.DecodingError, .invalidCharacter(offset: 2))
        }
        XCTAssertThrowsError(try Base64URL.decode("Zm8="))
    }

    func testRejectsStandardAlphabetWhitespaceAndOtherCharacters() {
        XCTAssertThrowsError(try Base64URL.decode("+/+/")) {
            XCTAssertEqual($0 as? Base64URL.DecodingError, .invalidCharacter(offset: 0))
        }
        XCTAssertThrowsError(try Base64URL.decode("Zm9 dg")) {
            XCTAssertEqual($0 as? Base64URL.DecodingError, .invalidCharacter(offset: 3))
        }
        XCTAssertThrowsError(try Base64URL.decode("Zm9v\n"))
        XCTAssertThrowsError(try Base64URL.decode("Zm9vé"))
    }

    func testRejectsImpossibleLength() {
        XCTAssertThrowsError(try Base64URL.decode("Zm9vY")) {
            XCTAssertEqual($0 as? Base64URL.DecodingError, .invalidLength)
        }
    }

    func testRejectsNonCanonicalTrailingBits() {
        // "Zg" is "f"; "Zh" decodes to the same byte with a stray low bit set.
        XCTAssertThrowsError(try Base64URL.decode("Zh")) {
            XCTAssertEqual($0 as? Base64URL.DecodingError, .nonCanonical)
        }
        XCTAssertThrowsError(try Base64URL.decode("Zm9")) {
            XCTAssertEqual($0 as? Base64URL.DecodingError, .nonCanonical)
        }
        XCTAssertEqual(try Base64URL.decode("Zm8"), Array("fo".utf8))
    }
}
