import ArgumentParser
import FoundationEssentials
import Tutor
import XAPI

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the pack (its lessons and pack.yaml) for commands that need all of it.
func loadPack(_ folder: String?) throws -> (PackInfo, [Lesson], String) {
    let dir = folder ?? LessonPack.defaultFolder(executable: CommandLine.arguments[0]) ?? "lessons"
    let info: PackInfo
    do {
        info = try PackInfo.load(folder: dir)
    } catch {
        printError("iam-tutor: \(error)")
        throw ExitCode(.dataError)
    }
    let (lessons, problems) = LessonCatalog.scan(folder: dir).ordered(info.order).parseAll()
    for p in problems { printError("iam-tutor: \(p)") }
    if !problems.isEmpty { throw ExitCode(.dataError) }
    return (info, lessons, dir)
}

/// A new learner id: random, made once per data folder.
func newLearnerID() -> String { UUID().uuidString.lowercased() }

/// `iam-tutor export`: this learner's results, for the instructor.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write your results (one JSON file) for your instructor.",
        discussion: "The file carries a checksum so that casual edits show; it is a deterrent, not protection."
    )

    @OptionGroup var options: TutorOptions

    @Option(help: ArgumentHelp("Where to write the results (default: iam-tutor-results-NAME.json).", valueName: "FILE"))
    var out: String?

    @Flag(help: "Replace the results file if it exists already (otherwise it is kept and nothing is written).")
    var force = false

    @OptionGroup var xapi: XAPIOptions

    func run() throws {
        let (info, lessons, _) = try loadPack(options.lessons)
        let store = FileProgressStore(folder: options.settings.dataFolder.path)
        let loaded = store.load()
        for note in loaded.notes { printError("iam-tutor: \(note)") }
        if let unreadable = loaded.unreadable {
            printError("iam-tutor: not exported: your saved progress could not be read, so the results would be empty. \(unreadable)")
            throw ExitCode(.noInput)
        }
        var progress = loaded.progress
        guard let learner = options.name ?? progress.learner else {
            printError("iam-tutor: give your name once with --name NAME (your instructor sees it)")
            throw ExitCode(.usage)
        }
        let file = out ?? "iam-tutor-\(xapi.xapi ? "xapi" : "results")-\(learner.filter { $0.isLetter || $0.isNumber || $0 == "-" }).json"
        if !force && FileManager.default.fileExists(atPath: file) {
            printError("iam-tutor: \(file) exists already; not overwritten. Add --force to replace it, or give another file with --out FILE.")
            throw ExitCode(.cannotCreate)
        }
        progress.learner = learner
        if progress.learnerID == nil { progress.learnerID = newLearnerID() }
        do {
            progress = try store.save(progress).progress
        } catch {
            printError("iam-tutor: \(error)")
        }
        let results = LearnerResults(
            learner: learner, pack: .init(id: info.id, version: info.version, hash: info.hash), lessons: lessons, progress: progress,
            exportedAt: Int(Date().timeIntervalSince1970))
        let data: Data
        var statements: [JSONValue] = []
        if xapi.xapi {
            statements = xapi.statements.statements(for: results, pack: info, lessons: lessons)
            data = Data(XAPIStatements.file(statements).utf8)
        } else {
            data = results.encoded()
        }
        guard (try? data.write(to: URL(fileURLWithPath: file), options: .atomic)) != nil else {
            printError("iam-tutor: could not write \(file)")
            throw ExitCode(.cannotCreate)
        }
        print("Wrote \(file)\(xapi.xapi ? " (\(statements.count) xAPI statements)" : "").")
        if xapi.lrs != nil { try xapi.send(xapi.xapi ? statements : xapi.statements.statements(for: results, pack: info, lessons: lessons)) }
    }
}

/// Results as xAPI statements, to a file or a Learning Record Store.
struct XAPIOptions: ParsableArguments {
    @Flag(help: "Write xAPI 1.0.3 statements (a JSON array) instead of the results file.")
    var xapi = false

    @Option(
        name: .customLong("xapi-base"),
        help: ArgumentHelp("Where learner accounts and activity ids live (default: \(XAPIStatements.defaultBase), which resolves nowhere).", valueName: "URL"))
    var base = XAPIStatements.defaultBase

    @Flag(name: .customLong("xapi-no-names"), help: "Leave learners' names out of the statements (their learner ids remain).")
    var noNames = false

    @Option(
        help: ArgumentHelp(
            "Also send the statements to this Learning Record Store (user and password from IAM_TUTOR_LRS_USER and IAM_TUTOR_LRS_PASSWORD).",
            valueName: "URL"))
    var lrs: String?

    var statements: XAPIStatements { XAPIStatements(base: base, names: !noNames) }

    func send(_ statements: [JSONValue]) throws {
        guard let lrs else { return }
        try ClassCommand.send(statements, lrs: lrs)
    }
}

/// `iam-tutor report`: the class report from learners' results files.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read learners' results files and report on the class: completion, steps, misconceptions, time, hints.",
        discussion: "Files from another pack version or with a broken checksum are named and left out of the figures."
    )

    @Argument(help: ArgumentHelp("Results files, or folders of them.", valueName: "FILES|DIR"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Also the results a workshop host keeps (its class.sqlite; `iam-tutor class serve` prints where).", valueName: "FILE"))
    var db: String?

    func validate() throws {
        if inputs.isEmpty && db == nil { throw ValidationError("name results files or folders, or a host's database with --db FILE") }
    }

    @Option(help: ArgumentHelp("The lesson pack the results belong to (default: lessons/).", valueName: "DIR"))
    var lessons: String?

    @Option(help: ArgumentHelp("Also write the report as Markdown.", valueName: "FILE")) var markdown: String?
    @Option(help: ArgumentHelp("Also write one row per learner and step as CSV.", valueName: "FILE")) var csv: String?
    @Option(help: ArgumentHelp("Also write one self-contained HTML page (tables and charts, no network).", valueName: "FILE")) var html: String?

    @Flag(help: "For the projector: learners as Learner 1…n and files by number, no names anywhere.")
    var anonymous = false

    @Option(help: ArgumentHelp("Also write every learner's results as xAPI 1.0.3 statements (a JSON array).", valueName: "FILE"))
    var xapi: String?

    @Option(
        name: .customLong("xapi-base"),
        help: ArgumentHelp("Where learner accounts and activity ids live (default: \(XAPIStatements.defaultBase), which resolves nowhere).", valueName: "URL"))
    var xapiBase = XAPIStatements.defaultBase

    @Option(
        help: ArgumentHelp(
            "Also send every learner's statements to this Learning Record Store (user and password from IAM_TUTOR_LRS_USER and IAM_TUTOR_LRS_PASSWORD).",
            valueName: "URL"))
    var lrs: String?

    func run() throws {
        let (info, lessonList, _) = try loadPack(lessons)
        var files: [(name: String, data: [UInt8])] = []
        var unreadable: [ClassReport.Excluded] = []
        for input in inputs {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: input) {
                for name in names.sorted() where name.hasSuffix(".json") {
                    let path = input.hasSuffix("/") ? input + name : input + "/" + name
                    // Only regular files of a sensible size are read: a FIFO would hang, a link to
                    // nothing or a file without permission is named, never dropped in silence.
                    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                    if attributes == nil {
                        unreadable.append(.init(file: path, reason: "cannot be read (a broken link, or no permission)"))
                    } else if attributes?[.type] as? FileAttributeType != .typeRegular {
                        unreadable.append(.init(file: path, reason: "not a regular file"))
                    } else if let size = attributes?[.size] as? Int, size > ClassReport.maximumFileSize {
                        unreadable.append(.init(file: path, reason: "larger than \(ClassReport.maximumFileSize / 1024) KiB: not a results file a tutor writes"))
                    } else if let data = FileManager.default.contents(atPath: path) {
                        files.append((path, Array(data)))
                    } else {
                        unreadable.append(.init(file: path, reason: "cannot be read (no permission?)"))
                    }
                }
            } else if let data = FileManager.default.contents(atPath: input) {
                files.append((input, Array(data)))
            } else {
                printError("iam-tutor: cannot read \(input)")
                throw ExitCode(.noInput)
            }
        }
        if let db { files += try ClassCommand.results(database: db) }
        var report = ClassReport(pack: info, lessons: lessonList, files: files, unreadable: unreadable) { bytes in
            try? LearnerResults.decode(bytes)
        }
        // Statements name learners by their ids (and names): made before any anonymous view.
        let statements =
            xapi != nil || lrs != nil
            ? report.learners.flatMap { XAPIStatements(base: xapiBase, names: !anonymous).statements(for: $0, pack: info, lessons: lessonList) } : []
        if anonymous { report = report.anonymized() }
        if let xapi {
            guard (try? Data(XAPIStatements.file(statements).utf8).write(to: URL(fileURLWithPath: xapi), options: .atomic)) != nil else {
                printError("iam-tutor: could not write \(xapi)")
                throw ExitCode(.cannotCreate)
            }
        }
        print(report.text(), terminator: "")
        if let lrs { try ClassCommand.send(statements, lrs: lrs) }
        for (path, text) in [(markdown, report.markdown()), (csv, report.csv()), (html, report.html())] {
            guard let path else { continue }
            guard (try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil else {
                printError("iam-tutor: could not write \(path)")
                throw ExitCode(.cannotCreate)
            }
        }
    }
}

/// `iam-tutor new lesson ID`: a lesson that passes lint, to start from.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Scaffold a new lesson that passes lint.")

    @Argument(help: "What to create: lesson.") var kind: String
    @Argument(help: "The lesson's id (lower-case words joined by '-').") var id: String
    @Option(help: ArgumentHelp("The folder (default: lessons/).", valueName: "DIR")) var lessons: String?

    func validate() throws {
        guard kind == "lesson" else { throw ValidationError("only `new lesson ID` is supported") }
        guard !id.isEmpty, id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw ValidationError("a lesson id is lower-case words joined by '-', such as `my-lesson`")
        }
    }

    func run() throws {
        let dir = lessons ?? "lessons"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let count = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") && $0 != "pack.yaml" }.count
        let number = count + 1
        let path = dir + "/" + (number < 10 ? "0\(number)" : "\(number)") + "-\(id).yaml"
        guard !FileManager.default.fileExists(atPath: path) else {
            printError("iam-tutor: \(path) exists already")
            throw ExitCode(.cannotCreate)
        }
        try Data(Self.template(id).utf8).write(to: URL(fileURLWithPath: path))
        print("Wrote \(path). Edit it, then run `iam-tutor lint \(dir)`.")
    }

    static func template(_ id: String) -> String {
        """
        format: 1
        id: \(id)
        title: A title for \(id)
        summary: one line for the menu
        minutes: 5
        teaches: [role]
        world:
          - aws iam create-user --user-name dana
        steps:
          - id: story
            say: |
              Who is involved, and what is at stake. Keep it short; let the learner act.
          - id: choose
            ask: Dana needs to do one job for a day. What do you give her?
            choices:
              - id: user
                text: a second IAM user
                feedback: Name the misconception this choice reflects, and why it fails.
              - id: role
                text: a role she may assume
                correct: true
                feedback: Say why it is right.
            hints:
              - A nudge.
              - Which kind of identity.
          - id: build
            task: Create a role Helper that only dana may assume, allowed ec2:DescribeInstances.
            goal:
              - can: {as: user/dana, via: role/Helper, do: "ec2:DescribeInstances", on: "*"}
              - only-trusted: {role: Helper, principals: [user/dana]}
            hints:
              - A role needs a trust policy and a permissions policy.
              - Trust arn:aws:iam::111122223333:user/dana; allow ec2:DescribeInstances.
              - See `solution`.
            solution:
              - >-
                aws iam create-role --role-name Helper --assume-role-policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole"}]}'
              - >-
                aws iam put-role-policy --role-name Helper --policy-name Look --policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}'
          - id: recap
            recap: What to remember, in two sentences.

        """
    }
}
