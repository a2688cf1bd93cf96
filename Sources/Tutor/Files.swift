#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file operations start-up needs, done with the C library: they cost far less than the
/// first use of Foundation's file APIs, and the prompt should appear at once.
enum Files {
    /// The whole file, or nil (it cannot be opened or read to its end).
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard case .bytes(let bytes) = readAll(fd) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What reading an open file to its end gave.
    enum ReadAll {
        case bytes([UInt8])
        /// A read failed (`errno` says why).
        case failed
        /// More than the limit: not read further.
        case tooLarge
    }

    /// Reads an open file to its end, at most `limit` bytes; a failed read is said, never taken
    /// for the end of the file.
    static func readAll(_ fd: Int32, limit: Int = 64 << 20) -> ReadAll {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failed }
            if n == 0 { return .bytes(bytes) }
            bytes += buffer[0..<n]
            if bytes.count > limit { return .tooLarge }
        }
    }

    /// The names in a folder, or nil when it cannot be listed.
    static func list(_ folder: String) -> [String]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
