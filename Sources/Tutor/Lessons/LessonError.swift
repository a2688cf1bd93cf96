/// A problem in a lesson file, placed at its line and column, with the YAML path and a fix.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// Such as `steps[2].goal[0].can.do`.
    public var path: String
    public var message: String
    public var fix: String?

    public init(file: String, line: Int, column: Int, path: String, message: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.fix = fix
    }

    /// `lessons/02-plumber.yaml:14:7: steps[1].choices: a question needs at least one correct choice (fix: …)`
    public var description: String {
        "\(file):\(line):\(column): \(path.isEmpty ? "" : path + ": ")\(message)" + (fix.map { " (fix: \($0))" } ?? "")
    }
}
