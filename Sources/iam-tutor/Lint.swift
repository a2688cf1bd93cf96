import ArgumentParser
import Policy
import Tutor

/// `iam-tutor lint [DIR]`: checks a folder of lessons as an author needs.
struct LintLessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lessons: schema, references, hints, and every task's reference solution replayed.",
        discussion: "Goals must fail before a task's solution and hold after it; every rejected design must fail them."
    )

    @Argument(help: ArgumentHelp("The folder of lessons (default: lessons/).", valueName: "DIR"))
    var folder: String?

    @Flag(help: "Print the coverage map: each concept the lessons teach, and the tasks and predictions that practise it.")
    var coverage = false

    func run() throws {
        let dir = folder ?? LessonPack.defaultFolder(executable: CommandLine.arguments[0]) ?? "lessons"
        var packProblems: [LessonError] = []
        let catalog = LessonCatalog.scan(folder: dir)
        let (lessons, parseProblems) = catalog.parseAll()
        if lessons.isEmpty && parseProblems.isEmpty {
            packProblems.append(
                LessonError(
                    file: dir, line: 1, column: 1, path: "", message: "there are no lessons in this folder",
                    fix: "write one with `iam-tutor new lesson ID --folder \(dir)`, or name the folder that holds them"))
        }
        do {
            let full = try PackInfo.load(folder: dir)
            let known = Set(catalog.ids)
            for id in full.order + full.switches.keys.sorted() where !known.contains(id) {
                let hint =
                    Suggestion.closest(to: id, among: catalog.ids).map { "did you mean `\($0)`?" } ?? "lessons here: \(catalog.ids.joined(separator: ", "))"
                packProblems.append(
                    LessonError(
                        file: dir + "/pack.yaml", line: 1, column: 1, path: full.order.contains(id) ? "order" : "lessons.\(id)",
                        message: "pack.yaml names the lesson `\(id)`, which is not in this folder", fix: hint))
            }
            let quick = PackInfo.quick(folder: dir)
            if quick.id != full.id || quick.version != full.version || quick.order != full.order {
                packProblems.append(
                    LessonError(
                        file: dir + "/pack.yaml", line: 1, column: 1, path: "", message: "the quick reading of pack.yaml disagrees with the full one",
                        fix: "keep id, version, title on one line each and `order: [a, b, …]` on one line"))
            }
        } catch {
            packProblems.append(error)
        }
        let (variants, variantProblems) = catalog.variantsForLint()
        let problems = packProblems + parseProblems + variantProblems + Lint.check(lessons, variants: variants)
        for problem in problems { printError(problem.description) }
        let map = Coverage(lessons)
        if coverage { print(map.markdown, terminator: "") }
        for warning in map.warnings { printError("warning: \(warning)") }
        let steps = lessons.reduce(0) { $0 + $1.steps.count }
        print("\(lessons.count) lessons, \(steps) steps: \(problems.isEmpty ? "no problems" : "\(problems.count) problem(s)")")
        if !problems.isEmpty { throw ExitCode(.lintProblems) }
    }
}
