import Testing

@testable import World

/// The models' patterns checked without `Regex` (a repeated character class, scalar by scalar)
/// decide exactly as `Regex` with Java's ASCII `\w` and `\d` does, for every such pattern in the
/// models and values of every kind of character.
@Suite("the models' patterns")
struct PatternTests {
    static func regexMatches(_ value: String, _ pattern: String) -> Bool? {
        guard let regex = try? Regex(pattern).asciiOnlyWordCharacters().asciiOnlyDigits() else { return nil }
        return (try? regex.wholeMatch(in: value)) != nil
    }

    @Test func repeatedClassesDecideAsRegexDoes() {
        let patterns = Set(ServiceModel.all.values.flatMap { $0.arguments.compactMap(\.pattern) })
        let simple = patterns.filter { World.RepeatedClass($0) != nil }
        #expect(simple.count >= 8, "the common patterns take the fast path: \(simple.sorted())")
        #expect(simple.contains(#"[\w+=,.@-]+"#))
        var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        samples += [
            "", "é", "ÿ", "\u{100}", "日本", "🙂", "\u{85}", "\u{A0}", "\u{D7FF}", "\u{E000}", "\u{FFFD}", "dana", "dana.x@y", "a b", "-", "a-b", "/path/",
        ]
        var compared = 0
        for pattern in simple {
            for value in samples {
                guard let expected = Self.regexMatches(value, pattern) else { continue }
                #expect(World.matches(value, pattern) == expected, "\(pattern) on \(value.unicodeScalars.map { String($0.value, radix: 16) })")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }

    @Test func escapesAndDashesAreRead() throws {
        let cls = try #require(World.RepeatedClass(#"[a-c\-x]+"#))
        #expect(cls.matches("abc-x") && !cls.matches("d") && !cls.matches(""))
        #expect(World.RepeatedClass(#"[\s]+"#) == nil, "other escapes go to Regex")
        #expect(World.RepeatedClass(#"[\u10000-\u10FFFF]+"#) == nil, "a fifth hex digit goes to Regex")
        #expect(World.RepeatedClass(#"[^a]+"#) == nil)
        #expect(try #require(World.RepeatedClass("[a]*")).matches(""))
    }
}
