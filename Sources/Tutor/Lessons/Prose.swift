import Policy

extension String {
    /// Prose from a YAML block: single line breaks become spaces (the screen wraps to its own width);
    /// blank lines stay paragraph breaks.
    public var reflowed: String {
        trimmed().split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmed { $0 == " " } }
            .split(separator: "", omittingEmptySubsequences: true)
            .map { $0.joined(separator: " ") }
            .joined(separator: "\n\n")
    }
}
