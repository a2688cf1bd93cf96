import Foundation

/// The built `iam-tutor`, run as a learner or an instructor runs it.
public enum Binary {
    public static let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("iam-tutor")
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts it in the package root (so it finds lessons/) with its own home; standard error
    /// goes with standard output unless `errors` is false (then it is dropped).
    public static func launch(_ arguments: [String], home: String, environment: [String: String] = [:], errors: Bool = true) throws -> (
        Process, FileHandle, Pipe
    ) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment
        env["IAM_TUTOR_HOME"] = home
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors ? output : FileHandle.nullDevice
        try process.run()
        return (process, input.fileHandleForWriting, output)
    }

    /// Runs it to the end with `input` typed in; its exit status and what it wrote.
    public static func run(_ arguments: [String], home: String, input: String = "", environment: [String: String] = [:], errors: Bool = true) throws -> (
        status: Int32, output: String
    ) {
        let (process, stdin, output) = try launch(arguments, home: home, environment: environment, errors: errors)
        stdin.write(Data(input.utf8))
        try stdin.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A fresh home folder's path (not created).
    public static func temporaryHome(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-\(label)-\(UUID().uuidString)").path
    }
}
