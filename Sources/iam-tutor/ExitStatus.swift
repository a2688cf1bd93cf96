import ArgumentParser

/// Every status `iam-tutor` exits with besides 0 and the REPL's own: the sysexits codes for its
/// own commands, and the AWS CLI's codes where `simulate` stands in for it.
enum ExitStatus: Int32, CaseIterable {
    /// `lint` found problems in the lessons.
    case lintProblems = 1
    /// The command was used wrongly (a missing `--name`, a bad address) — EX_USAGE.
    case usage = 64
    /// The input data is wrong (the pack, what the workshop host returned) — EX_DATAERR.
    case dataError = 65
    /// An input cannot be read (a results file, the saved progress) — EX_NOINPUT.
    case noInput = 66
    /// A service is unavailable (the workshop host, the record store) — EX_UNAVAILABLE.
    case unavailable = 69
    /// An output cannot be made (a file exists, or cannot be written) — EX_CANTCREAT.
    case cannotCreate = 73
    /// The AWS CLI's status for a request it refuses before sending it (a parameter that does
    /// not validate, JSON that does not parse).
    case awsClientError = 252
    /// The AWS CLI's status for a request the service refused.
    case awsServiceError = 254
}

extension ExitCode {
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}
