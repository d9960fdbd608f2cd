import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP/1.1 proxy in front of the sandbox that misbehaves on purpose, the way a broken
/// gateway, a captive portal or a hostile server would: for each request a `Policy` decides to
/// forward it, lose it (never forwarded, connection closed: the client cannot know nothing landed),
/// answer it itself, or forward it and change the answer. Everything else is forwarded unchanged,
/// keep-alive included.
final class HostileProxy: @unchecked Sendable {
    /// One upstream answer, split for rewriting.
    struct Answer {
        var head: [String]
        var body: [UInt8]

        /// The answer's JSON body as an object (nil when it is not one).
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

        mutating func setJSON(_ object: [String: Any]) {
            body = Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
        }
    }

    enum Action {
        case forward
        /// Never forwarded; the connection is closed.
        case drop
        /// Not forwarded: answered with this status, content type, body and header lines.
        case answer(status: Int, contentType: String, body: String, headers: [String] = [])
        /// Forwarded; the answer is changed before the client sees it.
        case rewrite(@Sendable (inout Answer) -> Void)
    }

    /// Decides for each request, given its first line (`GET /api/v2/pages?... HTTP/1.1`) and how many
    /// requests with that method and path came before it.
    typealias Policy = @Sendable (_ firstLine: String, _ seen: Int) -> Action

    let port: Int
    private let upstreamPort: Int
    private let policy: Policy
    private let lock = NSLock()
    private var seen: [String: Int] = [:]
    private var acted = 0
    private let listener: Int32

    /// Requests the policy did not simply forward.
    var actedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return acted
    }

    /// Requests whose first line contained `text` so far.
    func count(_ text: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return seen.filter { $0.key.contains(text) }.values.reduce(0, +)
    }

    init(upstreamPort: Int, policy: @escaping Policy) throws {
        self.upstreamPort = upstreamPort
        self.policy = policy
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }) == 0,
              listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: bound.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Loses the first request whose first line contains `text`.
    static func dropping(_ text: String, upstreamPort: Int) throws -> HostileProxy {
        try HostileProxy(upstreamPort: upstreamPort) { line, seen in
            line.contains(text) && seen == 0 ? .drop : .forward
        }
    }

    /// The base URL a client uses to go through the proxy.
    var baseURL: String { "http://127.0.0.1:\(port)/api/v2" }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func decide(_ firstLine: String) -> Action {
        let key = String(firstLine.split(separator: "?").first ?? Substring(firstLine))
        lock.lock()
        let count = seen[key, default: 0]
        seen[key] = count + 1
        lock.unlock()
        let action = policy(firstLine, count)
        if case .forward = action { return action }
        lock.lock()
        acted += 1
        lock.unlock()
        return action
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var address = Self.loopback(port: UInt16(upstreamPort))
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }) == 0 else { return }
        var fromClient = [UInt8]()
        var fromUpstream = [UInt8]()
        while let request = Self.readMessage(client, buffer: &fromClient) {
            let firstLine = String(decoding: request.prefix { $0 != 0x0D }, as: UTF8.self)
            let reply: [UInt8]
            switch decide(firstLine) {
            case .drop:
                return
            case .answer(let status, let contentType, let body, let headers):
                reply = Self.message(Answer(head: ["HTTP/1.1 \(status) Hostile", "Content-Type: \(contentType)"] + headers, body: Array(body.utf8)))
            case .forward:
                guard Self.writeAll(upstream, request), let response = Self.readMessage(upstream, buffer: &fromUpstream) else { return }
                reply = response
            case .rewrite(let change):
                guard Self.writeAll(upstream, request), let response = Self.readMessage(upstream, buffer: &fromUpstream) else { return }
                var answer = Self.split(response)
                change(&answer)
                reply = Self.message(answer)
            }
            guard Self.writeAll(client, reply) else { return }
        }
    }

    private static func split(_ message: [UInt8]) -> Answer {
        let end = range(of: [13, 10, 13, 10], in: message) ?? message.count
        let head = String(decoding: message[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            .filter { !$0.lowercased().hasPrefix("content-length:") }
        return Answer(head: head, body: Array(message[min(message.count, end + 4)...]))
    }

    private static func message(_ answer: Answer) -> [UInt8] {
        let head = (answer.head.filter { !$0.lowercased().hasPrefix("content-length:") } + ["Content-Length: \(answer.body.count)"]).joined(separator: "\r\n")
        return Array((head + "\r\n\r\n").utf8) + answer.body
    }

    /// One HTTP/1.1 message (headers and a Content-Length body) from `socket`.
    private static func readMessage(_ socket: Int32, buffer: inout [UInt8]) -> [UInt8]? {
        let separator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = range(of: separator, in: buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
                var length = 0
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
                let total = end + 4 + length
                if buffer.count >= total {
                    let message = Array(buffer[..<total])
                    buffer.removeFirst(total)
                    return message
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(socket, &chunk, chunk.count)
            if count <= 0 { return nil }
            buffer += chunk[..<count]
        }
    }

    private static func range(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle {
            return index
        }
        return nil
    }

    private static func writeAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }
}
