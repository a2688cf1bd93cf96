import Policy
import Tutor
import World

/// The attacks tried on a learner's design, as the learner reads them.
enum AttackView {
    /// The attacks in a few lines: each that got in (or was let in) on its own numbered line
    /// (for `why N`), the refused ones together, then the least-privilege sweep.
    static func lines(_ report: AttackReport, style: Style, limit: Int = 12) -> [String] {
        let (yes, no) = OutcomeView.marks(style)
        let probes = report.probes
        var out: [String] = []
        var refused: [Int] = []
        for (n, probe) in probes.enumerated() {
            if probe.verdict == .refused {
                refused.append(n + 1)
                continue
            }
            guard out.count < limit else { continue }
            let mark: String
            switch probe.verdict {
            case .refused, .intended: mark = "\(yes) let in, as intended:"
            case .breach: mark = probe.kind == .sweep ? "\(no) also allowed:" : "\(no) GOT IN:"
            case .extra: mark = "~ also allowed:"
            }
            var line = "  \(n + 1). \(mark) \(probe.who) → \(probe.action) on \(AttackReport.short(probe.resource))"
            if probe.verdict == .breach || probe.verdict == .extra {
                if let statement = probe.record.decision.matchedStatements.first {
                    line +=
                        " — by \(statement.policyID.isEmpty ? statement.policyType.rawValue : statement.policyID), statement \(statement.sid.map { "\"\($0)\"" } ?? String(statement.index + 1))"
                }
                if let note = probe.note { line += " (\(note))" }
            }
            out.append(line)
        }
        let hidden = probes.filter { $0.verdict != .refused }.count - min(limit, probes.filter { $0.verdict != .refused }.count)
        if hidden > 0 { out.append("  … and \(hidden) more like these.") }
        if let first = refused.first, let last = refused.last {
            let groups = Self.groups(refused.map { probes[$0 - 1] })
            out.append("  \(yes) refused (\(first == last ? "\(first)" : "\(first)–\(last)")): \(groups)")
        }
        if probes.isEmpty && report.sweptPrincipals.isEmpty {
            out.append("  Nothing to attack: no role, bucket policy or permission changed in this task.")
        }
        if !report.sweptPrincipals.isEmpty {
            let found = probes.filter { $0.kind == .sweep }.count
            out.append(
                "  Least privilege: \(report.swept) requests as \(report.sweptPrincipals.joined(separator: ", ")) over the actions of this world's services: "
                    + (found == 0 ? "nothing beyond what the task needs." : "\(found) beyond what the task needs."))
        }
        return out
    }

    /// Refused attackers in a phrase: "an outsider, anyone unauthenticated, 5 AWS services".
    static func groups(_ refused: [Probe]) -> String {
        var phrases: [String] = []
        var services = 0
        var providers = 0
        var publicProviders = 0
        for p in refused {
            if p.who.hasPrefix("the AWS service ") {
                services += 1
            } else if p.who.contains("(a public provider") {
                publicProviders += 1
            } else if p.who.contains("registered later") {
                providers += 1
            } else if !phrases.contains(p.who) {
                phrases.append(p.who)
            }
        }
        if services > 0 { phrases.append("\(services) AWS service\(services == 1 ? "" : "s")") }
        if providers > 0 { phrases.append("\(providers) identity provider\(providers == 1 ? "" : "s") registered later") }
        if publicProviders > 0 { phrases.append("tokens from \(publicProviders) public identity providers") }
        return phrases.joined(separator: "; ")
    }

}
