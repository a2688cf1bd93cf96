import Foundation

/// Headless Chromium, as the tests drive it (the test command's set-up installs it).
public enum Chromium {
    public static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs it headless with `arguments`; what it printed (the DOM, with `--dump-dom`).
    public static func run(_ arguments: [String]) throws -> String {
        guard let path else { throw ChromiumMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-chromium-\(UUID().uuidString)").path
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile)"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: profile)
        return String(decoding: data, as: UTF8.self)
    }

    public struct ChromiumMissing: Error, CustomStringConvertible {
        public var description: String { "Chromium is not installed: `bash .ci/setup --tests` installs it" }
    }
}
