import ArgumentParser

@main
struct IAMTutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam-tutor",
        abstract: "Learn when to use an IAM user, a group or a role, against a simulated AWS world.",
        version: "0.1.0",
        subcommands: [Simulate.self]
    )
}
