import ArgumentParser
import FoundationEssentials
import Shell

#if canImport(Glibc)
    import Glibc
#endif

/// Options every interactive command shares.
struct TutorOptions: ParsableArguments {
    @Flag(help: "No colour, no box drawing; every ✓/✗ also as a word, diagrams as prose.")
    var plain = false

    @Flag(name: .customLong("no-color"), help: "No colour (NO_COLOR in the environment does the same).")
    var noColor = false

    @Option(help: ArgumentHelp("A folder of lessons (a lesson pack) instead of the built-in ones.", valueName: "DIR"))
    var lessons: String?

    @Option(help: ArgumentHelp("Where progress and history are kept (IAM_TUTOR_HOME does the same).", valueName: "DIR"))
    var home: String?

    @Flag(
        help:
            "Presenter mode for a projector: text wrapped to the terminal's width (zoom the font as you like), each step revealed on Enter, the world's diagram with every task and after every change."
    )
    var present = false

    @Option(
        help: ArgumentHelp(
            "The seed of a fresh data folder (the order of choices, per-learner variants): the same seed and the same input give the same transcript. A folder that has a seed keeps it.",
            valueName: "N"))
    var seed: UInt64?

    @Option(
        name: .customLong("class"),
        help: ArgumentHelp(
            "Join a workshop: your results go to the instructor's host after every answer (kept until `--class off`).", valueName: "URL"))
    var classURL: String?

    @Option(help: ArgumentHelp("Your name as your instructor knows you (asked once, then kept).", valueName: "NAME"))
    var name: String?

    var settings: TutorSettings {
        TutorSettings(plain: plain, noColor: noColor, lessons: lessons, home: home, present: present, seed: seed, classURL: classURL, name: name)
    }
}

/// What the options decide, as a plain value (the prompt opens without the argument parser too).
struct TutorSettings {
    var plain = false
    var noColor = false
    var lessons: String?
    var home: String?
    var present = false
    var seed: UInt64?
    var classURL: String?
    var name: String?

    /// The data folder: --home, IAM_TUTOR_HOME, $XDG_DATA_HOME/iam-tutor or ~/.local/share/iam-tutor.
    var dataFolder: URL {
        if let home { return URL(fileURLWithPath: home) }
        if let dir = Self.env("IAM_TUTOR_HOME"), !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = Self.env("XDG_DATA_HOME"), !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("iam-tutor") }
        let user = Self.env("HOME") ?? "."
        return URL(fileURLWithPath: user).appendingPathComponent(".local/share/iam-tutor")
    }

    /// An environment variable (read with the C library: cheaper than building the whole environment).
    static func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// A terminal is one where both ends are TTYs and TERM is not `dumb`.
    static var isInteractive: Bool {
        isatty(0) == 1 && isatty(1) == 1 && env("TERM") != "dumb"
    }

    var style: Style {
        let color = Self.isInteractive && !noColor && Self.env("NO_COLOR") == nil
        return Style(color: color, plain: plain, width: Self.width ?? 100)
    }

    /// The width to wrap to: COLUMNS when set, else the terminal's own (asked again before every
    /// command, so a resized window or a zoomed projector font is followed), else nil.
    static var width: Int? {
        if let columns = Int(env("COLUMNS") ?? ""), columns > 0 { return columns }
        guard isInteractive else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    var environment: ShellEnvironment {
        ShellEnvironment(
            readFile: { path in
                FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            },
            writeFile: { path, text in
                (try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil
            },
            fileExists: { path in access(path, F_OK) == 0 })
    }
}
