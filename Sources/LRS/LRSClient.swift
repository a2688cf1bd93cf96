import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import XAPI

/// Sends xAPI statements to a Learning Record Store (`POST …/xAPI/statements`, HTTP Basic auth,
/// `X-Experience-API-Version: 1.0.3`), in batches, retrying what failed for a reason that may
/// pass (no connection, a timeout, 429 or 5xx). Statements carry ids made from their content, so
/// a batch sent twice (a retry after a lost answer) is stored once.
public struct LRSClient: Sendable {
    /// Why statements were not stored, with what to do.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The statements resource: the URL given, with `/xAPI/statements` added unless it names it.
    public let statementsURL: String
    let authorization: String?
    /// Tries after the first, for failures that may pass.
    public var retries = 3
    /// The wait before the first retry, doubled at each (up to 5 s).
    public var backoff: Duration = .milliseconds(500)
    /// How long one request may take, connecting included.
    public var timeout: Duration = .seconds(10)
    /// Statements per request.
    public var batchSize = 100

    /// - Parameters:
    ///   - url: the LRS's endpoint (`https://lrs.example.edu/xAPI`, or its server's root).
    ///   - username: with `password`, sent as HTTP Basic authorization; nil: from the URL's
    ///     `user:password@`, if any.
    public init(url: String, username: String? = nil, password: String? = nil) throws(Failure) {
        guard let scheme = url.split(separator: ":").first.map({ $0.lowercased() }), scheme == "http" || scheme == "https",
            url.contains("://"), url.count < 2048
        else {
            throw Failure(description: "the LRS address must be an http:// or https:// URL, such as https://lrs.example.edu/xAPI (got \(url.prefix(80)))")
        }
        var address = url
        var user = username
        var secret = password
        // Credentials in the URL (`https://user:password@host/…`) are taken out of it.
        if let start = url.range(of: "://"), let at = url[start.upperBound...].firstIndex(of: "@"),
            !url[start.upperBound..<at].contains("/")
        {
            let info = url[start.upperBound..<at].split(separator: ":", maxSplits: 1).map(String.init)
            if user == nil, let first = info.first { user = first.removingPercentEncoding ?? first }
            if secret == nil, info.count == 2 { secret = info[1].removingPercentEncoding ?? info[1] }
            address = String(url[..<start.upperBound]) + String(url[url.index(after: at)...])
        }
        while address.hasSuffix("/") { address.removeLast() }
        let lower = address.lowercased()
        if lower.hasSuffix("/statements") {
            statementsURL = address
        } else if lower.hasSuffix("/xapi") {
            statementsURL = address + "/statements"
        } else {
            statementsURL = address + "/xAPI/statements"
        }
        if let user {
            authorization = "Basic " + Data("\(user):\(secret ?? "")".utf8).base64EncodedString()
        } else {
            authorization = nil
        }
    }

    /// Sends the statements, in batches; returns how many the LRS stored anew (the rest it held
    /// already).
    @discardableResult
    public func send(_ statements: [JSONValue]) async throws(Failure) -> Int {
        try await send(serialized: statements.map { $0.serialized() })
    }

    /// Sends statements already written as JSON (one statement each), in batches; returns how
    /// many the LRS stored anew.
    @discardableResult
    public func send(serialized statements: [String]) async throws(Failure) -> Int {
        var stored = 0
        var start = 0
        while start < statements.count {
            let body = "[" + statements[start..<min(start + batchSize, statements.count)].joined(separator: ",") + "]"
            let (status, answer) = try await request(.POST, statementsURL, body: body)
            switch status {
            case 200:
                // The ids stored: a JSON array of UUIDs, each in two quotes.
                stored += answer.filter { $0 == "\"" }.count / 2
            case 204:
                break
            default:
                throw Failure(description: Self.explain(status: status, body: answer, url: statementsURL))
            }
            start += batchSize
        }
        return stored
    }

    /// `GET` on the statements resource with a query (`agent=…&limit=…`): the LRS's answer, as text.
    public func get(query: String) async throws(Failure) -> String {
        let (status, answer) = try await request(.GET, statementsURL + (query.isEmpty ? "" : "?" + query), body: nil)
        guard status == 200 else { throw Failure(description: Self.explain(status: status, body: answer, url: statementsURL)) }
        return answer
    }

    /// One request, retried while the failure may pass.
    func request(_ method: HTTPMethod, _ url: String, body: String?) async throws(Failure) -> (UInt, String) {
        var wait = backoff
        var lastProblem = ""
        for attempt in 0...max(0, retries) {
            if attempt > 0 {
                try? await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(5))
            }
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "X-Experience-API-Version", value: "1.0.3")
            if let authorization { request.headers.add(name: "Authorization", value: authorization) }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            do {
                let (seconds, attoseconds) = timeout.components
                let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
                let bytes = try await response.body.collect(upTo: 16 << 20)
                let text = String(buffer: bytes)
                let status = response.status.code
                if status == 429 || status >= 500 {
                    lastProblem = Self.explain(status: status, body: text, url: url)
                    continue
                }
                return (status, text)
            } catch {
                lastProblem = "the LRS at \(url) could not be reached (\(error)); is it running, and is the address right?"
            }
        }
        throw Failure(description: lastProblem + " (tried \(max(0, retries) + 1) times)")
    }

    static func explain(status: UInt, body: String, url: String) -> String {
        let said = String(body.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(300).map(Character.init))
        switch status {
        case 401, 403:
            return
                "the LRS at \(url) refused the credentials (HTTP \(status)): check the LRS user and password (IAM_TUTOR_LRS_USER and IAM_TUTOR_LRS_PASSWORD, or user:password@ in the URL). It said: \(said)"
        case 409:
            return
                "the LRS at \(url) holds a different statement under the same id (HTTP 409): the results changed since they were sent, but not their ids. It said: \(said)"
        default:
            return "the LRS at \(url) answered HTTP \(status): \(said)"
        }
    }
}
