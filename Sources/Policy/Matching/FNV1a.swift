/// The 64-bit FNV-1a hash of some bytes: stable across runs and machines (unlike `Hasher`), so it
/// can name content, and cheap enough to compare keys by before comparing their text.
@inline(__always)
public func fnv1a64<S: Sequence<UInt8>>(_ bytes: S) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}
