/// Name-based UUIDs (RFC 4122 version 5: SHA-1 of a namespace and a name), so that the same
/// content always gets the same id.
public enum UUID5 {
    /// RFC 4122's namespace for URLs.
    public static let urlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"
    /// RFC 4122's namespace for domain names.
    public static let dnsNamespace = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

    /// The version 5 UUID of `name` in `namespace` (a UUID in its text form), lower-case.
    public static func make(namespace: String, name: String) -> String {
        let hex = Array(namespace.lowercased().filter { $0 != "-" })
        var bytes: [UInt8] = stride(from: 0, to: min(hex.count, 32), by: 2).map { UInt8(String(hex[$0...$0 + 1]), radix: 16) ?? 0 }
        bytes += Array(name.utf8)
        var digest = Array(SHA1.hash(bytes).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let text = digest.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        let t = Array(text)
        return [t[0..<8], t[8..<12], t[12..<16], t[16..<20], t[20..<32]].map { String($0) }.joined(separator: "-")
    }
}

/// SHA-1 (FIPS 180-4), only for name-based UUIDs: not for anything secret.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) &* 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + i * 4
                w[i] = UInt32(data[b]) << 24 | UInt32(data[b + 1]) << 16 | UInt32(data[b + 2]) << 8 | UInt32(data[b + 3])
            }
            for i in 16..<80 { w[i] = rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch i {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let t = rotate(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, t)
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - $0 * 8)) } }
    }

    static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
}
