/// A JSON syntax error: what is wrong and the byte offset where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// A strict RFC 8259 JSON parser that records the byte range of every value.
///
/// ```swift
/// let node = try JSONParser.parse(Array(#"{"a": [1, true]}"#.utf8))
/// ```
public enum JSONParser {
    /// Deepest nesting accepted; deeper input is refused instead of exhausting the stack.
    public static let maximumDepth = 256

    /// Parses one JSON value that fills the whole input (surrounding white space allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        guard bytes.count < Int(UInt32.max) else { throw JSONSyntaxError("the input is larger than 4 GiB", at: 0) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONNode in
            var reader = Reader(buffer: buffer)
            reader.skipWhitespace()
            let value = try reader.parseValue(depth: 0)
            reader.skipWhitespace()
            if reader.index < buffer.count {
                throw JSONSyntaxError("unexpected \(reader.describeCurrent()) after the end of the JSON value", at: reader.index)
            }
            return value
        }
    }

    /// Parses a string's UTF-8 text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        try parse(Array(text.utf8))
    }
}

private struct Reader {
    let buffer: UnsafeBufferPointer<UInt8>
    var index = 0

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    @inline(__always) var atEnd: Bool { index >= buffer.count }
    @inline(__always) var current: UInt8 { buffer[index] }

    mutating func skipWhitespace() {
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func describeCurrent() -> String {
        guard !atEnd else { return "end of input" }
        let b = current
        if b >= 0x20 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard !atEnd else { throw JSONSyntaxError("unexpected end of input: a value was expected", at: index) }
        let start = index
        switch current {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth)
        case UInt8(ascii: "\""):
            let s = try parseString()
            return JSONNode(.string(s), start: start, end: index)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return JSONNode(.bool(true), start: start, end: index)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return JSONNode(.bool(false), start: start, end: index)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return JSONNode(.null, start: start, end: index)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let n = try parseNumber()
            return JSONNode(.number(n), start: start, end: index)
        case UInt8(ascii: "'"):
            throw JSONSyntaxError("strings must use double quotes (\"), not single quotes", at: index)
        default:
            throw JSONSyntaxError("unexpected \(describeCurrent()): a value was expected", at: index)
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for b in w {
            guard !atEnd, current == b else {
                throw JSONSyntaxError("invalid literal: expected '\(word)'", at: start)
            }
            index += 1
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        let start = index
        guard depth < JSONParser.maximumDepth else {
            throw JSONSyntaxError("nesting is deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if !atEnd && current == UInt8(ascii: "}") {
            index += 1
            return JSONNode(.object(members), start: start, end: index)
        }
        while true {
            skipWhitespace()
            guard !atEnd else { throw JSONSyntaxError("unexpected end of input: the object opened here is not closed", at: start) }
            guard current == UInt8(ascii: "\"") else {
                if current == UInt8(ascii: "}") {
                    throw JSONSyntaxError("trailing comma before '}'", at: index)
                }
                throw JSONSyntaxError("unexpected \(describeCurrent()): an object key in double quotes was expected", at: index)
            }
            let keyStart = index
            let key = try parseString()
            skipWhitespace()
            guard !atEnd, current == UInt8(ascii: ":") else {
                throw JSONSyntaxError("expected ':' after the key \"\(key)\"", at: index)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            members.append(JSONMember(key: key, keyStart: keyStart, value: value))
            skipWhitespace()
            guard !atEnd else { throw JSONSyntaxError("unexpected end of input: the object opened here is not closed", at: start) }
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if current == UInt8(ascii: "}") {
                index += 1
                return JSONNode(.object(members), start: start, end: index)
            }
            throw JSONSyntaxError("unexpected \(describeCurrent()): expected ',' or '}' after an object member", at: index)
        }
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        let start = index
        guard depth < JSONParser.maximumDepth else {
            throw JSONSyntaxError("nesting is deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if !atEnd && current == UInt8(ascii: "]") {
            index += 1
            return JSONNode(.array(elements), start: start, end: index)
        }
        while true {
            skipWhitespace()
            guard !atEnd else { throw JSONSyntaxError("unexpected end of input: the list opened here is not closed", at: start) }
            if current == UInt8(ascii: "]") {
                throw JSONSyntaxError("trailing comma before ']'", at: index)
            }
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard !atEnd else { throw JSONSyntaxError("unexpected end of input: the list opened here is not closed", at: start) }
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if current == UInt8(ascii: "]") {
                index += 1
                return JSONNode(.array(elements), start: start, end: index)
            }
            throw JSONSyntaxError("unexpected \(describeCurrent()): expected ',' or ']' in a list", at: index)
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard !atEnd, isDigit(current) else { throw JSONSyntaxError("invalid number: a digit was expected", at: index) }
        if current == UInt8(ascii: "0") {
            index += 1
            if !atEnd, isDigit(current) { throw JSONSyntaxError("invalid number: leading zeros are not allowed", at: start) }
        } else {
            while !atEnd, isDigit(current) { index += 1 }
        }
        if !atEnd, current == UInt8(ascii: ".") {
            index += 1
            guard !atEnd, isDigit(current) else { throw JSONSyntaxError("invalid number: a digit was expected after '.'", at: index) }
            while !atEnd, isDigit(current) { index += 1 }
        }
        if !atEnd, current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if !atEnd, current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard !atEnd, isDigit(current) else { throw JSONSyntaxError("invalid number: a digit was expected in the exponent", at: index) }
            while !atEnd, isDigit(current) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let contentStart = index
        // Fast path: no escapes.
        while index < buffer.count {
            let b = buffer[index]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buffer[contentStart..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw JSONSyntaxError(controlCharacterMessage(b), at: index) }
            index += 1
        }
        guard index < buffer.count else { throw JSONSyntaxError("unterminated string", at: open) }
        var out: [UInt8] = []
        out.reserveCapacity(index - contentStart + 64)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[contentStart..<index]))
        while index < buffer.count {
            // Copy the run up to the next quote, backslash or control character at once.
            let runStart = index
            while index < buffer.count {
                let c = buffer[index]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                index += 1
            }
            if index > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index])) }
            guard index < buffer.count else { break }
            let b = buffer[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw JSONSyntaxError(controlCharacterMessage(b), at: index) }
            let escape = index
            index += 1
            guard index < buffer.count else { break }
            switch buffer[index] {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4(at: index + 1, escape: escape)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 2 < buffer.count, buffer[index + 1] == UInt8(ascii: "\\"), buffer[index + 2] == UInt8(ascii: "u") else {
                        throw JSONSyntaxError("unpaired surrogate in \\u escape", at: escape)
                    }
                    let low = try readHex4(at: index + 3, escape: index + 1)
                    guard (0xDC00...0xDFFF).contains(low) else { throw JSONSyntaxError("unpaired surrogate in \\u escape", at: escape) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw JSONSyntaxError("unpaired surrogate in \\u escape", at: escape)
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                throw JSONSyntaxError("invalid escape '\\\(Character(Unicode.Scalar(buffer[index])))' in a string", at: escape)
            }
            index += 1
        }
        throw JSONSyntaxError("unterminated string", at: open)
    }

    func readHex4(at position: Int, escape: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= buffer.count else { throw JSONSyntaxError("\\u must be followed by four hex digits", at: escape) }
        var value: UInt32 = 0
        for i in position..<(position + 4) {
            let b = buffer[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw JSONSyntaxError("\\u must be followed by four hex digits", at: escape)
            }
            value = value << 4 | digit
        }
        return value
    }

    func controlCharacterMessage(_ b: UInt8) -> String {
        b == 0x0A
            ? "a line break inside a string: write it as \\n or close the string's quote"
            : "a control character (0x\(String(b, radix: 16))) inside a string must be escaped"
    }
}
