import ArgumentParser

@main
struct IAMTutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam-tutor",
        abstract: "Learn when to use an IAM user, a group or a role, against a simulated AWS world.",
        discussion:
            "With no subcommand, opens the tutor at its prompt on the lesson menu. Its options: --plain, --no-color, --lessons DIR, --home DIR, --present, --class URL, --name NAME (see `iam-tutor start --help`).",
        version: "0.2.0",
        subcommands: [Start.self, Sandbox.self, LintLessons.self, Export.self, Report.self, New.self, Simulate.self, ClassCommand.self],
        defaultSubcommand: Start.self
    )

    /// With no arguments (the common case) the prompt opens without the argument parser's
    /// reflection, which would cost more than the rest of start-up.
    static func main() {
        if CommandLine.arguments.count <= 1 {
            do {
                try Sandbox.openPrompt(options: TutorSettings())
            } catch {
                exit(withError: error)
            }
            return
        }
        main(nil)
    }
}
