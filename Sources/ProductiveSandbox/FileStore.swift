import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The sandbox's S3-like file store: step 2 of an upload (`POST /bucket`, a multipart form checked
/// against its policy, refused with S3's XML errors), and the finished files at their `url`
/// (`GET /files/attachments/{id}/original/{name}`, behind the page views' token), so that the page
/// view shows the images. It is not the API: no token is asked for, and the API's rate limits do
/// not count it.
struct FileStore: Sendable {
    let attachments: AttachmentStore
    let policy: UploadPolicy
    let faults: FaultInjector
    let counter: UploadCounter
    let maxUploadBytes: Int

    func upload(_ request: Request, _ context: SandboxRequestContext) async -> Response {
        var request = request
        let carriesCredentials = request.headers[SandboxHeaders.authToken] != nil || request.headers[SandboxHeaders.organizationID] != nil
        counter.count(carriesCredentials: carriesCredentials)
        let fault = faults.take(for: .upload)
        switch fault {
        case .hang:
            try? await Task.sleep(for: .seconds(86_400))
            return Response(status: .serviceUnavailable)
        case .unavailable:
            return Self.error(503, "SlowDown", "Please reduce your request rate.")
        case .redirect(let base):
            return Response(status: .temporaryRedirect, headers: [.location: base + request.uri.path])
        default:
            break
        }
        guard let boundary = request.headers[.contentType].flatMap(MultipartFormReader.boundary(ofContentType:)) else {
            return Self.error(412, "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data")
        }
        guard let buffer = try? await request.collectBody(upTo: maxUploadBytes + (64 << 10)) else {
            return Self.error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
        }
        guard let parts = MultipartFormReader.parts(of: [UInt8](buffer.readableBytesView), boundary: boundary) else {
            return Self.error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
        }
        // S3 reads the fields before the file and ignores what follows it.
        guard let fileIndex = parts.firstIndex(where: { $0.name == "file" }) else {
            return Self.error(400, "InvalidArgument", "POST requires exactly one file upload per request.")
        }
        var fields: [String: String] = [:]
        for part in parts[..<fileIndex] where fields[part.name] == nil {
            fields[part.name] = String(decoding: part.bytes, as: UTF8.self)
        }
        let key: String
        do {
            key = try policy.check(fields: fields, fileSize: parts[fileIndex].bytes.count)
        } catch {
            return Self.error(error.status, error.code, error.message)
        }
        attachments.put(key: key, bytes: Array(parts[fileIndex].bytes))
        let location = SandboxAPI.origin(request) + SandboxAPI.uploadPath + "/" + Self.encodedKey(key)
        switch fault {
        case .gatewayTimeoutAfterCommit:
            return Response(status: .gatewayTimeout, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>504 Gateway Time-out</h1></body></html>")))
        case .serverErrorAfterCommit:
            return Self.error(500, "InternalError", "We encountered an internal error. Please try again.")
        case .resetAfterCommit:
            try? await context.channel.close(mode: .all)
        default:
            break
        }
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <PostResponse><Location>\(Self.xmlEscaped(location))</Location><Bucket>\(UploadPolicy.bucket)</Bucket><Key>\(Self.xmlEscaped(key))</Key><ETag>"\(UUID().uuidString.lowercased())"</ETag></PostResponse>
            """
        return Response(status: .created, headers: [.location: location, .contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A finished attachment's bytes, with its content type. Only inline images are shown in place;
    /// everything else (SVG included) is served as a download.
    func serve(id: Int?, name: String?) -> Response {
        counter.countServed()
        guard let id, let attachment = attachments.find(id), attachment.url != nil, attachment.name == name.map({ $0.removingPercentEncoding ?? $0 }), let bytes = attachments.bytes(of: attachment) else {
            return Response(status: .notFound, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "no such file")))
        }
        var headers: HTTPFields = [.contentType: attachment.contentType, .contentLength: String(bytes.count)]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if attachment.attachmentType != "inline" || !attachment.contentType.hasPrefix("image/") || attachment.contentType.contains("svg") {
            headers[HTTPField.Name("Content-Disposition")!] = "attachment"
            headers[HTTPField.Name("Content-Security-Policy")!] = "sandbox"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An S3 error document.
    static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(code)</Code><Message>\(xmlEscaped(message))</Message><RequestId>\(UUID().uuidString.prefix(16))</RequestId></Error>
            """
        return Response(status: .init(code: status), headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func encodedKey(_ key: String) -> String {
        key.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? key
    }

    private static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// How many uploads the file store received, how many carried the API's credentials (never
/// should: the token is for the API only), and how many file requests it answered.
public final class UploadCounter: Sendable {
    private let counts = Mutex<(uploads: Int, withCredentials: Int, served: Int)>((0, 0, 0))

    func count(carriesCredentials: Bool) {
        counts.withLock {
            $0.uploads += 1
            if carriesCredentials { $0.withCredentials += 1 }
        }
    }

    func countServed() {
        counts.withLock { $0.served += 1 }
    }

    public var uploads: Int { counts.withLock { $0.uploads } }
    /// Requests for files (`GET /files/...`) that passed the token check, found or not.
    public var filesServed: Int { counts.withLock { $0.served } }
    public var uploadsWithCredentials: Int { counts.withLock { $0.withCredentials } }
}
