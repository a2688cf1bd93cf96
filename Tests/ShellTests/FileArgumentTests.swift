import Foundation
import TestSupport
import Testing

/// `file://` reads what a policy document could be: a 4 GB file, a folder or `/dev/zero` is
/// named and refused at once, and the session goes on.
@Suite("files named by file://")
struct FileArgumentTests {
    @Test("a huge file, a folder and a device are refused with what they are; the session goes on")
    func oversizedAndSpecialFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/a-folder", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Sparse: 4 GiB long, no disk used.
        let big = folder + "/big.json"
        FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 4 << 30)
        try handle.close()
        let input = [big, folder + "/a-folder", "/dev/zero"].map { "aws iam create-policy --policy-name P --policy-document file://\($0)\n" }.joined()
        let home = Binary.temporaryHome("files")
        let (status, text) = try Binary.run(["--plain"], home: home, input: "start basics\n" + input + "aws iam list-users\nquit\n")
        #expect(status == 0, "\(text)")
        #expect(text.contains("big.json is 4096 MiB: the tutor reads files of up to 8 MiB; give the policy document (or object) itself"), "\(text)")
        #expect(text.contains("a-folder is a folder: give the path of a file, such as file://policy.json"))
        #expect(text.contains("/dev/zero is not a regular file: give the path of a file, such as file://policy.json"))
        #expect(text.contains("\"Users\""), "the session went on")
        // The learner's progress is intact: the lesson begun is saved.
        let saved = try #require(FileManager.default.contents(atPath: home + "/progress.json"))
        let progress = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        #expect((progress["lessons"] as? [String: Any])?["basics"] != nil, "\(progress)")
    }
}
