#if canImport(Glibc)
    import Glibc
#endif

/// Where the lessons are.
public enum LessonPack {
    /// The lessons folder: `--lessons`, else `IAM_TUTOR_LESSONS`, else `lessons/` here, else the
    /// one beside the package the program was built in.
    public static func defaultFolder(executable: String) -> String? {
        if let env = Files.environment("IAM_TUTOR_LESSONS"), !env.isEmpty { return env }
        if Files.exists("lessons") { return "lessons" }
        // Beside the package the program was built in: .build/<triple>/<config>/iam-tutor.
        var folder =
            realpath(executable, nil).map { p in
                defer { free(p) }; return String(cString: p)
            } ?? executable
        for _ in 0..<5 {
            guard let slash = folder.lastIndex(of: "/") else { break }
            folder = String(folder[..<slash])
            let candidate = Files.join(folder.isEmpty ? "/" : folder, "lessons")
            if Files.exists(candidate) { return candidate }
        }
        return nil
    }
}
