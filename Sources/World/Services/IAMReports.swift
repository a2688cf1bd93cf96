import Policy

/// A generated credential report: when, and its CSV text.
public struct CredentialReport: Sendable, Hashable {
    public var generated: Int
    public var csv: String
}

extension World {
    /// A credential report older than this has expired (IAM API reference
    /// `API_GenerateCredentialReport.html`: a new one is made if the last is older than four hours).
    static let credentialReportLifetime = 4 * 3600

    /// The account's credential report as CSV, in the columns and words of UG
    /// `id_credentials_getting-report.html` (a field that does not apply is `N/A`).
    func credentialReportCSV(account a: Int) -> String {
        let acct = accounts[a]
        func time(_ t: Int?) -> String { t.map { SimulatedClock.iso8601($0).replacingAll("Z", with: "+00:00") } ?? "N/A" }
        func bool(_ b: Bool) -> String { b ? "true" : "false" }
        var rows = [
            [
                "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
                "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
                "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
                "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
                "cert_2_last_rotated",
            ],
            [
                "<root_account>", "arn:aws:iam::\(acct.id):root", time(SimulatedClock.start), "not_supported", "no_information", "not_supported",
                "not_supported", "false", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A",
            ],
        ]
        for user in acct.users {
            var row = [
                Self.csvField(user.name), user.arn(acct.id), time(user.created), bool(user.loginProfile != nil),
                user.loginProfile == nil ? "N/A" : "no_information", time(user.loginProfile?.created),
                // The password policy's maximum age sets when the password must next change.
                time(user.loginProfile.flatMap { profile in acct.passwordPolicy?.maxAge.map { profile.created + $0 * 86400 } }),
                bool(user.mfaDevices.contains(where: \.enabled)),
            ]
            for i in 0..<2 {
                let key = i < user.accessKeys.count ? user.accessKeys[i] : nil
                let use = key.flatMap { keyUses[$0.id] }
                row += [bool(key?.active == true), time(key?.created), time(use?.time), use?.region ?? "N/A", use?.service ?? "N/A"]
            }
            row += ["false", "N/A", "false", "N/A"]
            rows.append(row)
        }
        return rows.map { $0.joined(separator: ",") }.joined(separator: "\n")
    }

    /// A CSV field quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Standard base64 (RFC 4648) of the text's UTF-8 bytes, as the CLI prints a blob.
    static func base64(_ text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let bytes = Array(text.utf8)
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i])
            let b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[(b0 & 3) << 4 | b1 >> 4])
            out.append(i + 1 < bytes.count ? alphabet[(b1 & 15) << 2 | b2 >> 6] : "=")
            out.append(i + 2 < bytes.count ? alphabet[b2 & 63] : "=")
            i += 3
        }
        return out
    }

    static func reportOperations() -> [Operation] {
        [
            Operation(
                "iam", "generate-credential-report", api: "GenerateCredentialReport",
                "Make the account's credential report: every user's password, MFA and access keys, and when each was last used."
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("iam:GenerateCredentialReport", on: "*"), operation: call.api)
                let a = world.iamAccount(actor)
                let id = world.accounts[a].id
                if let report = world.credentialReports[id], world.clock.now - report.generated < credentialReportLifetime {
                    return .object([("State", .string("COMPLETE"))])
                }
                world.credentialReports[id] = CredentialReport(generated: world.clock.now, csv: world.credentialReportCSV(account: a))
                return .object([("State", .string("STARTED")), ("Description", .string("No report exists. Starting a new report generation task"))])
            },
            Operation(
                "iam", "get-credential-report", api: "GetCredentialReport", "Fetch the credential report (CSV, base64-encoded as AWS returns it)."
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("iam:GetCredentialReport", on: "*"), operation: call.api)
                guard let report = world.credentialReports[actor.account] else {
                    throw AWSError(.reportNotPresent, "Credential report not present", operation: call.api)
                }
                guard world.clock.now - report.generated < credentialReportLifetime else {
                    throw AWSError(
                        .reportExpired,
                        "The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.",
                        operation: call.api)
                }
                return .object([
                    ("Content", .string(base64(report.csv))), ("ReportFormat", .string("text/csv")),
                    ("GeneratedTime", .string(SimulatedClock.iso8601(report.generated))),
                ])
            },
            // IAM API reference `API_GetAccountAuthorizationDetails.html`.
            Operation(
                "iam", "get-account-authorization-details", api: "GetAccountAuthorizationDetails",
                "Every user, group, role and managed policy of the account with all their policies, in one answer (what auditors ask for).",
                flags: [Flag("--filter", .list)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("iam:GetAccountAuthorizationDetails", on: "*"), operation: call.api)
                let kinds = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"]
                let filter = call.list("--filter")
                if let bad = filter.first(where: { !kinds.contains($0) }) {
                    throw AWSError(
                        .validationError,
                        "1 validation error detected: Value '[\(bad)]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [\(kinds.joined(separator: ", "))]]",
                        operation: call.api)
                }
                func wanted(_ k: String) -> Bool { filter.isEmpty || filter.contains(k) }
                return world.authorizationDetails(account: world.iamAccount(actor), wanted: wanted)
            },
        ]
    }

    func authorizationDetails(account a: Int, wanted: (String) -> Bool) -> JSONOutput {
        let acct = accounts[a]
        func inline(_ list: [InlinePolicy]) -> JSONOutput {
            .array(list.map { .object([("PolicyName", .string($0.name)), ("PolicyDocument", Self.documentJSON($0.document))]) })
        }
        func attached(_ arns: [String]) -> JSONOutput {
            .array(arns.map { .object([("PolicyName", .string(String($0.split(separator: "/").last ?? ""))), ("PolicyArn", .string($0))]) })
        }
        func boundary(_ arn: String?) -> [(String, JSONOutput)] {
            arn.map { [("PermissionsBoundary", .object([("PermissionsBoundaryType", .string("Policy")), ("PermissionsBoundaryArn", .string($0))]))] } ?? []
        }
        let users: [JSONOutput] =
            wanted("User")
            ? acct.users.map { u in
                .object(
                    [
                        ("Path", .string(u.path)), ("UserName", .string(u.name)), ("UserId", .string(u.id)), ("Arn", .string(u.arn(acct.id))),
                        ("CreateDate", .string(SimulatedClock.iso8601(u.created))), ("UserPolicyList", inline(u.inlinePolicies)),
                        ("GroupList", .array(acct.groups(of: u.name).map { .string($0.name) })), ("AttachedManagedPolicies", attached(u.attachedPolicies)),
                    ] + boundary(u.permissionsBoundary) + (u.tags.isEmpty ? [] : [("Tags", Self.tagsJSON(u.tags))]))
            } : []
        let groups: [JSONOutput] =
            wanted("Group")
            ? acct.groups.map { g in
                .object([
                    ("Path", .string(g.path)), ("GroupName", .string(g.name)), ("GroupId", .string(g.id)), ("Arn", .string(g.arn(acct.id))),
                    ("CreateDate", .string(SimulatedClock.iso8601(g.created))), ("GroupPolicyList", inline(g.inlinePolicies)),
                    ("AttachedManagedPolicies", attached(g.attachedPolicies)),
                ])
            } : []
        let roles: [JSONOutput] =
            wanted("Role")
            ? acct.roles.map { r in
                .object(
                    [
                        ("Path", .string(r.path)), ("RoleName", .string(r.name)), ("RoleId", .string(r.id)), ("Arn", .string(r.arn(acct.id))),
                        ("CreateDate", .string(SimulatedClock.iso8601(r.created))), ("AssumeRolePolicyDocument", Self.documentJSON(r.trustPolicy)),
                        (
                            "InstanceProfileList",
                            .array(acct.instanceProfiles.filter { $0.role?.sameIgnoringCase(r.name) == true }.map { instanceProfileJSON($0, a) })
                        ),
                        ("RolePolicyList", inline(r.inlinePolicies)), ("AttachedManagedPolicies", attached(r.attachedPolicies)),
                    ] + boundary(r.permissionsBoundary) + (r.tags.isEmpty ? [] : [("Tags", Self.tagsJSON(r.tags))]) + [("RoleLastUsed", .object([]))])
            } : []
        var policies: [JSONOutput] = []
        if wanted("AWSManagedPolicy") {
            // AWS managed policies that something in the account uses.
            for p in AWSManagedPolicy.catalog where attachmentCount(p.arn) > 0 {
                policies.append(
                    .object([
                        ("PolicyName", .string(p.name)), ("Arn", .string(p.arn)), ("Path", .string(p.path)), ("DefaultVersionId", .string("v1")),
                        ("AttachmentCount", .integer(attachmentCount(p.arn))), ("PermissionsBoundaryUsageCount", .integer(0)), ("IsAttachable", .bool(true)),
                        (
                            "PolicyVersionList",
                            .array([.object([("Document", Self.documentJSON(p.document)), ("VersionId", .string("v1")), ("IsDefaultVersion", .bool(true))])])
                        ),
                    ]))
            }
        }
        if wanted("LocalManagedPolicy") {
            for p in acct.policies {
                let arn = p.arn(acct.id)
                var m: [(String, JSONOutput)] = [
                    ("PolicyName", .string(p.name)), ("PolicyId", .string(p.id)), ("Arn", .string(arn)), ("Path", .string(p.path)),
                    ("DefaultVersionId", .string(p.defaultVersion)), ("AttachmentCount", .integer(attachmentCount(arn))),
                    ("PermissionsBoundaryUsageCount", .integer(0)), ("IsAttachable", .bool(true)),
                ]
                if let d = p.description { m.append(("Description", .string(d))) }
                m += [
                    ("CreateDate", .string(SimulatedClock.iso8601(p.created))),
                    ("UpdateDate", .string(SimulatedClock.iso8601(p.versions.last?.created ?? p.created))),
                    ("PolicyVersionList", .array(p.versions.map { Self.versionJSON($0, isDefault: $0.id == p.defaultVersion, document: true) })),
                ]
                policies.append(.object(m))
            }
        }
        return .object([
            ("UserDetailList", .array(users)), ("GroupDetailList", .array(groups)), ("RoleDetailList", .array(roles)), ("Policies", .array(policies)),
        ])
    }

    /// Virtual MFA devices: listed with their users, deleted once unassigned (IAM API reference
    /// `API_ListVirtualMFADevices.html`, `API_DeleteVirtualMFADevice.html`).
    static func virtualMFAOperations() -> [Operation] {
        [
            Operation(
                "iam", "list-virtual-mfa-devices", api: "ListVirtualMFADevices", "List the account's virtual MFA devices and whom each is assigned to.",
                flags: [Flag("--assignment-status")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let acct = world.accounts[a]
                try world.authorize(actor, world.access("iam:ListVirtualMFADevices", on: "arn:aws:iam::\(acct.id):mfa/"), operation: call.api)
                let status = call.string("--assignment-status") ?? "Any"
                guard ["Assigned", "Unassigned", "Any"].contains(status) else {
                    throw AWSError(
                        .validationError,
                        "1 validation error detected: Value '\(status)' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]",
                        operation: call.api)
                }
                var devices: [JSONOutput] = []
                if status != "Unassigned" {
                    for user in acct.users {
                        for d in user.mfaDevices {
                            devices.append(
                                .object([
                                    ("SerialNumber", .string(d.serialNumber)), ("User", world.userJSON(user, acct.id)),
                                    ("EnableDate", .string(SimulatedClock.iso8601(d.created))),
                                ]))
                        }
                    }
                }
                if status != "Assigned" {
                    for serial in world.pendingMFADevices where serial.hasPrefix("arn:aws:iam::\(acct.id):") {
                        devices.append(.object([("SerialNumber", .string(serial))]))
                    }
                }
                return .object([("VirtualMFADevices", .array(devices))])
            },
            Operation(
                "iam", "delete-virtual-mfa-device", api: "DeleteVirtualMFADevice", "Delete a virtual MFA device that no user has (deactivate it first).",
                flags: [Flag("--serial-number", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let serial = try call.required("--serial-number")
                call.resources = [serial]
                try world.authorize(actor, world.access("iam:DeleteVirtualMFADevice", on: serial), operation: call.api)
                if world.accounts.contains(where: { $0.users.contains { $0.mfaDevices.contains { $0.serialNumber == serial } } }) {
                    throw AWSError(.deleteConflict, "MFA VirtualDevice in use. Must deactivate first.", operation: call.api)
                }
                guard let i = world.pendingMFADevices.firstIndex(of: serial) else {
                    throw AWSError(.noSuchEntity, "VirtualMFADevice with serial number \(serial) doesn't exist.", operation: call.api)
                }
                world.pendingMFADevices.remove(at: i)
                return nil
            },
        ]
    }
}
