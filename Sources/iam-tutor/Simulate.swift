import ArgumentParser
import FoundationEssentials
import Policy

#if canImport(Glibc)
    import Glibc
#endif

/// `iam-tutor simulate`: `aws iam simulate-custom-policy --cli-input-json`, answered offline.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide a simulate-custom-policy request offline, as AWS's policy simulator would.",
        discussion: """
            Reads the JSON that `aws iam simulate-custom-policy --cli-input-json` takes (PolicyInputList, \
            PermissionsBoundaryPolicyInputList, ActionNames, ResourceArns, ResourcePolicy, ResourceOwner, \
            CallerArn, ContextEntries, ResourceHandlingOption, MaxItems, Marker) and prints the response \
            (EvaluationResults) as JSON. CallerArn may also be a role session: \
            arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
            """
    )

    @Option(
        name: .customLong("cli-input-json"), help: ArgumentHelp("The request: file://PATH, a path, or - for standard input.", valueName: "file://REQUEST.json"))
    var input: String

    @Flag(help: "Also explain each decision of the page on standard error: every statement, and why it did or did not apply.")
    var explain = false

    func run() throws {
        let text: String
        do {
            text = try readInput(input)
        } catch {
            printError("Error parsing parameter 'cli-input-json': \(error)")
            throw ExitCode(.awsClientError)
        }
        do {
            let simulator = try PolicySimulator(try SimulationRequest(json: text))
            let page = simulator.results(simulator.page.positions)
            print(simulator.response(page: page).pretty())
            if explain {
                for result in page {
                    printError(result.decision.explanation(for: result.request) + "\n")
                }
            }
        } catch {
            printError(error.description)
            switch error.kind {
            case .paramValidation, .invalidJSON: throw ExitCode(.awsClientError)
            case .invalidInput, .malformedPolicy: throw ExitCode(.awsServiceError)
            }
        }
    }

    func readInput(_ argument: String) throws -> String {
        if argument == "-" {
            var lines: [String] = []
            while let line = readLine(strippingNewline: false) { lines.append(line) }
            return lines.joined()
        }
        let path = argument.hasPrefix("file://") ? String(argument.dropFirst("file://".count)) : argument
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(message: "Unable to load paramfile \(argument): [Errno 2] No such file or directory: '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct InputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
}
