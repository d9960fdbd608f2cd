import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP/1.1 proxy in front of the sandbox that loses one request: the first request
/// whose first line contains `dropping` is never forwarded, and its connection is closed, as a
/// network that fails after the request was sent would look to the client (it cannot know that
/// nothing landed). Everything else is forwarded unchanged, keep-alive included.
final class DroppingProxy: @unchecked Sendable {
    let port: Int
    private let upstreamPort: Int
    private let dropping: String
    private let lock = NSLock()
    private var dropped = false
    private let listener: Int32

    /// Requests lost so far (0 or 1).
    var dropCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return dropped ? 1 : 0
    }

    init(upstreamPort: Int, dropping: String) throws {
        self.upstreamPort = upstreamPort
        self.dropping = dropping
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
            lock.lock()
            let drop = !dropped && firstLine.contains(dropping)
            if drop { dropped = true }
            lock.unlock()
            if drop { return }
            guard Self.writeAll(upstream, request), let response = Self.readMessage(upstream, buffer: &fromUpstream), Self.writeAll(client, response) else { return }
        }
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
