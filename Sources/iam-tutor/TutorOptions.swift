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

    /// The files the prompt reads (`file://` arguments) and writes (`export`). A tutor that a
    /// workshop host runs for a browser terminal is confined (IAM_TUTOR_CONFINE=DIR): every path
    /// is taken inside DIR, the learner's data folder, and one that leads out of it (`..`, an
    /// absolute path elsewhere, a link) is neither read nor written — the host's files and the
    /// other learners' folders stay out of reach.
    var environment: ShellEnvironment {
        let confine = Self.env("IAM_TUTOR_CONFINE").flatMap { $0.isEmpty ? nil : Self.realPath($0) }
        let place: @Sendable (String) -> String? = { path in
            guard let confine else { return path }
            return Self.confined(path, to: confine)
        }
        return ShellEnvironment(
            readFile: { path in
                guard let path = place(path) else { return nil }
                // Only a regular file of a sensible size is read: a policy document is at most a
                // few KB, and a 4 GB file (or /dev/zero) would take the learner's session with it.
                var info = stat()
                guard stat(path, &info) == 0 else { return nil }
                guard info.st_mode & S_IFMT == S_IFREG else {
                    printError(
                        "iam-tutor: \(path) is \(info.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"): give the path of a file, such as file://policy.json"
                    )
                    return nil
                }
                guard info.st_size <= Self.maximumFileSize else {
                    printError(
                        "iam-tutor: \(path) is \(info.st_size / 1_048_576) MiB: the tutor reads files of up to \(Self.maximumFileSize / 1_048_576) MiB; give the policy document (or object) itself"
                    )
                    return nil
                }
                return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            },
            writeFile: { path, text in
                guard let path = place(path) else { return false }
                return (try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil
            },
            fileExists: { path in place(path).map { access($0, F_OK) == 0 } ?? false })
    }

    /// The largest file `file://`, `fileb://` and `s3 cp` read (AWS's largest policy document is
    /// 131,072 characters; a simulated object needs no more).
    static let maximumFileSize = 8 << 20

    /// `path` inside `folder` (a real path), or nil when it would lead out: relative paths are
    /// taken from the folder, and the real path of what exists (the file, else its folder) must
    /// stay within it.
    static func confined(_ path: String, to folder: String) -> String? {
        let full = path.hasPrefix("/") ? path : folder + "/" + path
        let parent = full.lastIndex(of: "/").map { String(full[..<$0]) } ?? folder
        guard let real = realPath(full) ?? realPath(parent.isEmpty ? "/" : parent).map({ $0 + "/" + (full.split(separator: "/").last.map(String.init) ?? "") })
        else { return nil }
        guard real == folder || real.hasPrefix(folder + "/") else { return nil }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
