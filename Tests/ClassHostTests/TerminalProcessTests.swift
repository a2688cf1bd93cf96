import ClassHost
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("a browser terminal's program")
struct TerminalProcessTests {
    @Test("output nobody takes does not pile up in the host: the program waits in its write until the browser reads")
    func outputIsBoundedByTheReader() async throws {
        // 20 MB of output, then a mark: far more than the window holds.
        let process = try TerminalProcess(
            program: "/bin/sh", arguments: ["-c", "head -c 20000000 /dev/zero | tr '\\0' x; echo; echo END-OF-OUTPUT"],
            environment: ["PATH": "/usr/bin:/bin"], folder: FileManager.default.temporaryDirectory.path, columns: 80, rows: 24)
        defer { process.terminate() }
        // A browser that takes nothing for a second: the host holds the window's chunks, no more.
        let taken = Mutex((chunks: 0, bytes: 0, tail: [UInt8](), taking: false))
        let reader = Task {
            for await chunk in process.output {
                let deliver = taken.withLock { state in
                    state.chunks += 1
                    state.bytes += chunk.count
                    state.tail = Array((state.tail + chunk).suffix(64))
                    return state.taking
                }
                if deliver { process.delivered() }
            }
        }
        try await Task.sleep(for: .seconds(1))
        let held = taken.withLock { $0 }
        #expect(held.chunks == TerminalProcess.window && held.bytes <= TerminalProcess.window * 8192, "read ahead: \(held.chunks) chunks, \(held.bytes) bytes")
        // It starts taking: everything arrives, the end too.
        taken.withLock { $0.taking = true }
        for _ in 0..<held.chunks { process.delivered() }
        await reader.value
        let all = taken.withLock { $0 }
        #expect(all.bytes > 20_000_000, "\(all.bytes) bytes")
        #expect(String(decoding: all.tail, as: UTF8.self).contains("END-OF-OUTPUT"))
    }
}
