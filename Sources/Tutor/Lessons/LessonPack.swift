#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the lessons are.
public enum LessonPack {
    /// The lessons folder: `--lessons`, else `IAM_TUTOR_LESSONS`, else `lessons/` here, else the
    /// one installed with the program (`PREFIX/share/iam-tutor/lessons` beside `PREFIX/bin`, as
    /// `.ci/install` puts them), else the one beside the package the program was built in.
    /// - Parameter executable: how the program was started (`argv[0]`); on Linux the running
    ///   program is found from `/proc/self/exe` whatever it says, so a program on the PATH finds
    ///   its lessons from any folder.
    public static func defaultFolder(executable: String) -> String? {
        if let env = Files.environment("IAM_TUTOR_LESSONS"), !env.isEmpty { return env }
        if Files.exists("lessons") { return "lessons" }
        let program = programPath(executable)
        let bin = parent(program)
        // Installed: PREFIX/bin/iam-tutor and PREFIX/share/iam-tutor/lessons.
        if let bin, let prefix = parent(bin) {
            let installed = Files.join(Files.join(Files.join(prefix, "share"), "iam-tutor"), "lessons")
            if Files.exists(installed) { return installed }
        }
        // Beside the package the program was built in: .build/<triple>/<config>/iam-tutor.
        var folder = program
        for _ in 0..<5 {
            guard let up = parent(folder) else { break }
            folder = up
            let candidate = Files.join(folder, "lessons")
            if Files.exists(candidate) { return candidate }
        }
        return nil
    }

    /// The running program's real path: `/proc/self/exe` where there is one, else `executable`
    /// resolved (found on the PATH when it names no folder).
    static func programPath(_ executable: String) -> String {
        if let path = realPath("/proc/self/exe") { return path }
        if executable.contains("/") { return realPath(executable) ?? executable }
        for folder in (Files.environment("PATH") ?? "").split(separator: ":") {
            let candidate = Files.join(String(folder), executable)
            if access(candidate, X_OK) == 0 { return realPath(candidate) ?? candidate }
        }
        return executable
    }

    static func realPath(_ path: String) -> String? {
        realpath(path, nil).map { p in
            defer { free(p) }
            return String(cString: p)
        }
    }

    /// The folder that holds `path`, or nil when it names none.
    static func parent(_ path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let folder = String(path[..<slash])
        return folder.isEmpty ? (path == "/" ? nil : "/") : folder
    }
}
