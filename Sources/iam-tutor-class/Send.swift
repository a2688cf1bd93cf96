import ArgumentParser
import Foundation
import LRS

/// `iam-tutor-class send --lrs URL`: sends the xAPI statements on standard input (one JSON
/// statement per line) to a Learning Record Store. `iam-tutor export --lrs` and
/// `iam-tutor report --lrs` run it, so that the program learners start links no networking stack.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send xAPI statements (one JSON statement per line on standard input) to a Learning Record Store.",
        discussion: "The user and password come from IAM_TUTOR_LRS_USER and IAM_TUTOR_LRS_PASSWORD, or user:password@ in the URL.")

    @Option(help: ArgumentHelp("The Learning Record Store's address, such as https://lrs.example.edu/xAPI.", valueName: "URL")) var lrs: String

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let client: LRSClient
        do {
            client = try LRSClient(url: lrs, username: environment["IAM_TUTOR_LRS_USER"], password: environment["IAM_TUTOR_LRS_PASSWORD"])
        } catch {
            throw fail("\(error)", 64)
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let statements = String(decoding: input, as: UTF8.self).split(separator: "\n").map(String.init)
        if let bad = statements.firstIndex(where: { !$0.hasPrefix("{") || !$0.hasSuffix("}") }) {
            throw fail("line \(bad + 1) of the input is not one JSON statement", 65)
        }
        do throws(LRSClient.Failure) {
            let stored = try await client.send(serialized: statements)
            print("Sent \(statements.count) statements to \(client.statementsURL): \(stored) stored anew, \(statements.count - stored) held already.")
        } catch {
            throw fail("not all statements were sent: \(error)", 69)
        }
    }
}
