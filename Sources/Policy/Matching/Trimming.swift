/// Which ends of a text `trimmed` cuts.
public enum TrimmedEnds: Sendable {
    case both, trailing
}

extension StringProtocol {
    /// The text without the characters at its ends that `cut` holds for (white space unless
    /// told): the one trimming helper of the package.
    ///
    /// ```swift
    /// "  role/App  ".trimmed()                       // "role/App"
    /// ",a,b,".trimmed { $0 == "," }                 // "a,b"
    /// "row   ".trimmed(.trailing) { $0 == " " }      // "row"
    /// ```
    public func trimmed(_ ends: TrimmedEnds = .both, where cut: (Character) -> Bool = { $0.isWhitespace }) -> String {
        var s = Substring(self)
        if ends == .both { while let f = s.first, cut(f) { s = s.dropFirst() } }
        while let l = s.last, cut(l) { s = s.dropLast() }
        return String(s)
    }
}
