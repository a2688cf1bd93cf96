/// What reading a line gave.
public enum InputEvent: Sendable, Equatable {
    case line(String)
    /// Ctrl-C: the line (or the multi-line input) is dropped; the prompt comes back.
    case interrupt
    /// Ctrl-D or the end of piped input: leave (state is kept).
    case end
}

/// A source of lines: libedit at a terminal, plain lines from a pipe, or a script in tests.
public protocol LineInput {
    /// Whether the prompt and the typed line should be echoed to the output (piped input is not
    /// echoed by a terminal, so the transcript echoes it to read naturally).
    var echoes: Bool { get }
    /// Whether a person types at a terminal (libedit); piped input and scripts are not, and a
    /// runaway multi-line command there is cut off (`REPL.continuationLimit`).
    var isTerminal: Bool { get }
    mutating func read(prompt: String) -> InputEvent
    /// Remembers a complete command for history (libedit); others ignore it.
    mutating func remember(_ command: String)
}

extension LineInput {
    public mutating func remember(_ command: String) {}
    public var isTerminal: Bool { false }
}

/// Lines from a script (tests, and piped standard input).
public struct ScriptInput: LineInput {
    private var lines: [String]
    private var next = 0
    public var echoes: Bool { true }

    public init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    public init(lines: [String]) {
        self.lines = lines
    }

    public mutating func read(prompt: String) -> InputEvent {
        guard next < lines.count else { return .end }
        defer { next += 1 }
        return .line(lines[next])
    }
}

/// Lines read one by one from standard input as they arrive (a pipe).
public struct PipedInput: LineInput {
    public var echoes: Bool { true }
    public init() {}
    public mutating func read(prompt: String) -> InputEvent {
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }
}
