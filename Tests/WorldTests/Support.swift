import Testing
import World

/// Runs one command, expecting success, and returns its output.
@discardableResult
func ok(_ world: inout World, _ line: String, files: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let outcome = world.run(line, readFile: { files[$0] })
    #expect(outcome.error == nil, "\(line)\n\(outcome.error?.description ?? "")", sourceLocation: sourceLocation)
    return outcome.output
}

/// Runs one command, expecting the AWS error `code` (or a CLI error when `code` is nil), and returns its message.
@discardableResult
func fails(_ world: inout World, _ line: String, _ code: AWSErrorCode?, files: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation)
    -> String
{
    let outcome = world.run(line, readFile: { files[$0] })
    #expect(outcome.error != nil, "expected \(code?.rawValue ?? "a usage error"): \(line)", sourceLocation: sourceLocation)
    #expect(outcome.error?.code == code, "\(line)\n\(outcome.error?.description ?? "")", sourceLocation: sourceLocation)
    return outcome.error?.description ?? ""
}

let account = "111122223333"

func trust(_ principal: String, condition: String = "") -> String {
    let cond = condition.isEmpty ? "" : ",\"Condition\":\(condition)"
    return "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\(principal),\"Action\":\"sts:AssumeRole\"\(cond)}]}'"
}

func policy(_ actions: String, _ resource: String = "*") -> String {
    "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\(actions),\"Resource\":\"\(resource)\"}]}'"
}

/// SAML metadata as an identity provider publishes it (at least 1,000 characters, as IAM's
/// CreateSAMLProvider asks), naming `entityID` as the provider's issuer; quoted for the command line.
func samlMetadata(entityID: String = "https://idp.corp.example/saml") -> String {
    let certificate = String(repeating: "MIIC8DCCAdigAwIBAgIQ", count: 36)
    return "'<?xml version=\"1.0\"?><md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"\(entityID)\">"
        + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"><md:KeyDescriptor use=\"signing\">"
        + "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate>"
        + "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>'"
}
