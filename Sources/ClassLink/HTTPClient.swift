#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 client over a socket, enough to post a record and read the status: one
/// request per connection, every step bounded in time. (A networking framework would cost the
/// prompt's start-up more than all of this.)
public enum HTTPClient {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var body: [UInt8]
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case resolve(String)
        case connect(String)
        case io(String)
        case malformedResponse

        public var description: String {
            switch self {
            case .resolve(let s): "cannot find the host: \(s)"
            case .connect(let s): "cannot connect: \(s)"
            case .io(let s): "the connection failed: \(s)"
            case .malformedResponse: "the host's answer is not HTTP"
            }
        }
    }

    /// Sends one request and reads the whole answer (at most `maximumResponse` bytes).
    /// - Parameter timeout: seconds allowed to connect, and again to send and to read.
    public static func request(
        method: String, host: String, port: Int, path: String, headers: [(String, String)] = [], body: [UInt8] = [], timeout: Int = 5,
        maximumResponse: Int = 1 << 20
    ) throws(Failure) -> Response {
        let fd = try connect(host: host, port: port, timeout: timeout)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host.contains(":") ? "[\(host)]" : host):\(port)\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "connection" }) { head += "Connection: close\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try sendAll(fd, Array(head.utf8) + body)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while received.count <= maximumResponse {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            received += buffer[0..<n]
            if let parsed = parse(received), parsed.complete { return parsed.response }
        }
        guard let parsed = parse(received) else { throw .malformedResponse }
        return parsed.response
    }

    /// The status line, headers and (by Content-Length, or to the end) the body.
    static func parse(_ bytes: [UInt8]) -> (response: Response, complete: Bool)? {
        guard let end = bytes.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let status = lines.first?.split(separator: " ")
        guard let status, status.count >= 2, status[0].hasPrefix("HTTP/1."), let code = Int(status[1]), (100...599).contains(code) else { return nil }
        var length: Int?
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" { length = Int(parts[1].trimmingPrefix(" ")) }
        }
        let body = Array(bytes[end.upperBound...])
        if let length { return (Response(status: code, body: Array(body.prefix(length))), body.count >= length) }
        return (Response(status: code, body: body), false)
    }

    public static func connect(host: String, port: Int, timeout: Int) throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw .resolve("\(host): \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            if fd < 0 { continue }
            var time = timeval(tv_sec: timeout, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            // With SO_SNDTIMEO set, Linux bounds connect() by it too.
            if systemConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw .connect("\(host):\(port): \(lastError)")
    }

    public static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            offset += n
        }
    }
}

#if canImport(Glibc)
    private let systemConnect = Glibc.connect
#elseif canImport(Darwin)
    private let systemConnect = Darwin.connect
#endif
