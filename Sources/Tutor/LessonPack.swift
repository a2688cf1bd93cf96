import Foundation

/// The lessons of a folder: every `*.yaml` file in name order.
public enum LessonPack {
    public static func load(folder: String) -> (lessons: [Lesson], problems: [LessonError]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return ([], [LessonError(file: folder, line: 1, column: 1, path: "", message: "no such folder of lessons")])
        }
        var lessons: [Lesson] = []
        var problems: [LessonError] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                lessons.append(try LessonLoader.load(yaml: String(decoding: data, as: UTF8.self), file: path))
            } catch {
                problems.append(error)
            }
        }
        return (lessons, problems)
    }

    /// The lessons folder: `--lessons`, else `IAM_TUTOR_LESSONS`, else `lessons/` here, else the
    /// one beside the package the program was built in.
    public static func defaultFolder(executable: String) -> String? {
        if let env = ProcessInfo.processInfo.environment["IAM_TUTOR_LESSONS"], !env.isEmpty { return env }
        let fm = FileManager.default
        if fm.fileExists(atPath: "lessons") { return "lessons" }
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = url.appendingPathComponent("lessons").path
            if fm.fileExists(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return nil
    }
}
