/// A failed `aws` command, printed exactly as the AWS CLI prints it.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The service refused the call: `An error occurred (CODE) when calling the OP operation: …`.
        case service(code: AWSErrorCode, operation: String)
        /// The CLI refused the command line before sending it (`aws: error: …`).
        case usage
        /// The CLI could not read a parameter (`Error parsing parameter '--x': …`).
        case parameter(String)
        /// botocore refused a parameter's value before sending (`Parameter validation failed:` …).
        case validation
        /// The CLI prints the reason alone: a value it could not convert
        /// (`invalid literal for int() with base 10: 'abc'`), options it does not know
        /// (`Unknown options: --bogus, 1`).
        case plain
        /// The CLI could not find or use the profile's credentials (botocore's configuration and
        /// credential errors, printed as they are).
        case config
    }

    public var kind: Kind
    public var message: String
    /// What the CLI prints before the error line (argparse's usage block), if anything.
    public var preamble: String?

    public init(_ code: AWSErrorCode, _ message: String, operation: String) {
        kind = .service(code: code, operation: operation)
        self.message = message
    }

    public init(usage message: String) {
        kind = .usage
        self.message = message
    }

    /// The AWS CLI's usage block, printed before an argparse error such as an invalid choice
    /// (awscli `argparser.py`, `USAGE`).
    public static let usageBlock = """
        usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
        To see help text, you can run:

          aws help
          aws <command> help
          aws <command> <subcommand> help


        """

    /// argparse's refusal of a word that is none of the choices (a service or an operation), as
    /// the AWS CLI words it (awscli `argparser.py`, `CLIArgParser._check_value`): the choices two
    /// to a line, each padded to 40 columns, then the close ones (difflib's `get_close_matches`,
    /// cutoff 0.8).
    public static func invalidChoice(_ argument: String, _ value: String, among choices: [String]) -> AWSError {
        var lines = ["argument \(argument): Invalid choice, valid choices are:\n"]
        var i = 0
        while i < choices.count {
            let row = choices[i..<min(i + 2, choices.count)].map { $0.padding(to: 40) }
            lines.append(row.joined(separator: " | "))
            i += 2
        }
        let close = CloseMatches.find(value, among: choices)
        if !close.isEmpty {
            lines.append("\n\nInvalid choice: '\(value)', maybe you meant:\n")
            lines += close.map { "  * \($0)" }
        }
        var error = AWSError(usage: lines.joined(separator: "\n"))
        error.preamble = usageBlock
        return error
    }

    public init(parameter: String, _ message: String) {
        kind = .parameter(parameter)
        self.message = message
    }

    public init(validation message: String) {
        kind = .validation
        self.message = message
    }

    public init(plain message: String) {
        kind = .plain
        self.message = message
    }

    public init(config message: String) {
        kind = .config
        self.message = message
    }

    /// The error code (`AccessDenied`, `NoSuchEntity`, …), nil for CLI errors.
    public var code: AWSErrorCode? {
        if case .service(let code, _) = kind { return code }
        return nil
    }

    public var description: String {
        switch kind {
        case .service(let code, let operation): "An error occurred (\(code.rawValue)) when calling the \(operation) operation: \(message)"
        case .usage: (preamble ?? "") + "aws: error: \(message)"
        case .parameter(let name): "Error parsing parameter '\(name)': \(message)"
        case .validation: "Parameter validation failed:\n\(message)"
        case .plain: message
        case .config: message
        }
    }

    /// The exit status the AWS CLI uses: 254 for service errors, 255 for credential and
    /// configuration errors, 252 for command-line errors.
    public var exitStatus: Int32 {
        switch kind {
        case .service: 254
        case .config: 255
        case .usage, .parameter, .validation, .plain: 252
        }
    }
}
