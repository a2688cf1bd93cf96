import Policy

/// The account's password policy: `update-`, `get-` and `delete-account-password-policy`, and the
/// check every new console password passes (`create-` and `update-login-profile`).
///
/// API `UpdateAccountPasswordPolicy.html`: no partial updates — a parameter left out takes its
/// default (MinimumPasswordLength 6; MaxPasswordAge 0, passwords never expire;
/// PasswordReusePrevention 0, no prevention; every switch false). Ranges: MinimumPasswordLength
/// 6–128, MaxPasswordAge 1–1095, PasswordReusePrevention 1–24.
/// UG `id_credentials_passwords_account-policy.html`: without a custom policy, passwords follow
/// AWS's default one — at least 8 characters, at least three of uppercase, lowercase, numbers and
/// the symbols `! @ # $ % ^ & * ( ) _ + - = [ ] { } | '` (and not the account's name or email,
/// which this world does not hold); a policy's length and kinds of character are enforced when a
/// password is set, not on the passwords users have. IAM's own words for each refusal are not in
/// its documentation: these follow the form of its PasswordPolicyViolation messages. Reuse
/// prevention is kept in the policy but not checked, as the world stores no passwords.
extension World {
    /// The symbols the password policy counts (UG `id_credentials_passwords_account-policy.html`).
    static let passwordSymbols = Set("!@#$%^&*()_+-=[]{}|'")

    /// The first way `password` breaks the account's password policy (or AWS's default one), in
    /// IAM's words; nil when it complies.
    func passwordProblem(_ password: String, account a: Int) -> String? {
        let upper = password.contains { $0.isASCII && $0.isUppercase }
        let lower = password.contains { $0.isASCII && $0.isLowercase }
        let number = password.contains { $0.isASCII && $0.isNumber }
        let symbol = password.contains { Self.passwordSymbols.contains($0) }
        guard let policy = accounts[a].passwordPolicy else {
            if password.count < 8 { return "Password should have a minimum length of 8" }
            if [upper, lower, number, symbol].filter({ $0 }).count < 3 {
                return "Password should have at least three of the following: uppercase letters, lowercase letters, numbers and symbols"
            }
            return nil
        }
        if password.count < policy.minimumLength { return "Password should have a minimum length of \(policy.minimumLength)" }
        if policy.requireUppercase && !upper { return "Password should have at least one uppercase letter" }
        if policy.requireLowercase && !lower { return "Password should have at least one lowercase letter" }
        if policy.requireNumbers && !number { return "Password should have at least one number" }
        if policy.requireSymbols && !symbol { return "Password should have at least one symbol" }
        return nil
    }

    /// Refuses a console password the policy does not allow (PasswordPolicyViolation), or longer
    /// than any password may be (API `CreateLoginProfile.html`: Password, 1 to 128 characters; IAM
    /// does not repeat a sensitive value in its validation message).
    func checkPassword(_ password: String, account a: Int, operation: String) throws(AWSError) {
        if password.count > 128 {
            throw AWSError(
                .validationError,
                "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128",
                operation: operation)
        }
        if let problem = passwordProblem(password, account: a) { throw AWSError(.passwordPolicyViolation, problem, operation: operation) }
    }

    /// The caller and its account, authorized for an account-wide IAM call (no resource: `*`).
    mutating func accountSetting(_ call: inout Call) throws(AWSError) -> Int {
        let actor = try call.actor(&self)
        try authorize(actor, Access("iam:\(call.api)", on: "*"), operation: call.api)
        return iamAccount(actor)
    }

    /// A whole number flag within AWS's range: below it botocore refuses before sending, above it
    /// IAM answers ValidationError.
    static func bounded(_ call: Call, _ flag: String, _ parameter: String, _ range: ClosedRange<Int>) throws(AWSError) -> Int? {
        guard let n = try call.integer(flag) else { return nil }
        if n < range.lowerBound {
            throw AWSError(validation: "Invalid value for parameter \(parameter), value: \(n), valid min value: \(range.lowerBound)")
        }
        if n > range.upperBound {
            let field = parameter.prefix(1).lowercased() + parameter.dropFirst()
            throw AWSError(
                .validationError,
                "1 validation error detected: Value '\(n)' at '\(field)' failed to satisfy constraint: Member must have value less than or equal to \(range.upperBound)",
                operation: call.api)
        }
        return n
    }

    static func passwordPolicyJSON(_ p: PasswordPolicy) -> JSONOutput {
        var m: [(String, JSONOutput)] = [
            ("MinimumPasswordLength", .integer(p.minimumLength)), ("RequireSymbols", .bool(p.requireSymbols)),
            ("RequireNumbers", .bool(p.requireNumbers)), ("RequireUppercaseCharacters", .bool(p.requireUppercase)),
            ("RequireLowercaseCharacters", .bool(p.requireLowercase)), ("AllowUsersToChangePassword", .bool(p.allowUsersToChange)),
            ("ExpirePasswords", .bool(p.maxAge != nil)),
        ]
        if let age = p.maxAge { m.append(("MaxPasswordAge", .integer(age))) }
        if let reuse = p.reusePrevention { m.append(("PasswordReusePrevention", .integer(reuse))) }
        m.append(("HardExpiry", .bool(p.hardExpiry)))
        return .object(m)
    }

    static func iamPasswordPolicyOperations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation(
                "iam", "update-account-password-policy", api: "UpdateAccountPasswordPolicy",
                "Set the account's password policy for console passwords (what is left out takes its default).",
                flags: [
                    Flag("--minimum-password-length", .integer), Flag("--require-symbols", .boolean), Flag("--require-numbers", .boolean),
                    Flag("--require-uppercase-characters", .boolean), Flag("--require-lowercase-characters", .boolean),
                    Flag("--allow-users-to-change-password", .boolean), Flag("--max-password-age", .integer),
                    Flag("--password-reuse-prevention", .integer), Flag("--hard-expiry", .boolean),
                ]
            ) { world, call throws(AWSError) in
                let a = try world.accountSetting(&call)
                var policy = PasswordPolicy()
                policy.minimumLength = try bounded(call, "--minimum-password-length", "MinimumPasswordLength", 6...128) ?? 6
                policy.maxAge = try bounded(call, "--max-password-age", "MaxPasswordAge", 1...1095)
                policy.reusePrevention = try bounded(call, "--password-reuse-prevention", "PasswordReusePrevention", 1...24)
                policy.requireSymbols = call.bool("--require-symbols")
                policy.requireNumbers = call.bool("--require-numbers")
                policy.requireUppercase = call.bool("--require-uppercase-characters")
                policy.requireLowercase = call.bool("--require-lowercase-characters")
                policy.allowUsersToChange = call.bool("--allow-users-to-change-password")
                policy.hardExpiry = call.bool("--hard-expiry")
                world.accounts[a].passwordPolicy = policy
                return nil
            })
        ops.append(
            Operation("iam", "get-account-password-policy", api: "GetAccountPasswordPolicy", "Show the account's password policy.") {
                world, call throws(AWSError) in
                let a = try world.accountSetting(&call)
                guard let policy = world.accounts[a].passwordPolicy else {
                    throw AWSError(.noSuchEntity, "The Password Policy with domain name \(world.accounts[a].id) cannot be found.", operation: call.api)
                }
                return .object([("PasswordPolicy", passwordPolicyJSON(policy))])
            })
        ops.append(
            Operation(
                "iam", "delete-account-password-policy", api: "DeleteAccountPasswordPolicy",
                "Remove the account's password policy (AWS's default one applies again)."
            ) { world, call throws(AWSError) in
                let a = try world.accountSetting(&call)
                guard world.accounts[a].passwordPolicy != nil else {
                    throw AWSError(.noSuchEntity, "The account policy with name PasswordPolicy cannot be found.", operation: call.api)
                }
                world.accounts[a].passwordPolicy = nil
                return nil
            })
        return ops
    }
}
