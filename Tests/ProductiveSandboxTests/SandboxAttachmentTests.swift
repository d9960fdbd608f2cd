import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// The sandbox's attachments (issue 19): step 1's policy, the S3-like file store and its refusals,
/// temp_url, the files behind the page views' token, persistence, and a browser showing an image.
final class SandboxAttachmentTests: XCTestCase {
    private struct Raw {
        let status: Int
        let bytes: [UInt8]
        let headers: [String: String]

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    private func send(_ url: String, _ method: HTTPMethod, body: ByteBuffer? = nil, contentType: String = "application/vnd.api+json", token: String? = SandboxServer.defaultToken) async throws -> Raw {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token {
            request.headers.add(name: "X-Auth-Token", value: token)
            request.headers.add(name: "X-Organization-Id", value: "1")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = Array(try await response.body.collect(upTo: 8 << 20).readableBytesView)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Raw(status: Int(response.status.code), bytes: bytes, headers: headers)
    }

    private func object(_ raw: Raw) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(raw.text.utf8))) as? [String: Any] ?? [:]
    }

    private func createPage(_ sandbox: SandboxServer, markdown: String = "Text.") async throws -> String {
        let body = #"{"data":{"type":"pages","attributes":{"title":"Page","project_id":1,"markdown":"\#(markdown)"}}}"#
        let created = try await send(sandbox.baseURL + "/pages/create_with_markdown", .POST, body: ByteBuffer(string: body))
        return try XCTUnwrap((object(created)["data"] as? [String: Any])?["id"] as? String)
    }

    /// Step 1 by hand: the attachment's id and its policy fields in the order the answer gives them.
    private func stepOne(_ sandbox: SandboxServer, page: String, size: Int, name: String = "a.png") async throws -> (id: String, fields: [(String, String)], raw: Raw) {
        let body = #"{"data":{"type":"attachments","attributes":{"name":"\#(name)","content_type":"image/png","size":\#(size),"attachable_type":"page","page_id":\#(page),"attachment_type":"inline"}}}"#
        let raw = try await send(sandbox.baseURL + "/attachments", .POST, body: ByteBuffer(string: body))
        XCTAssertEqual(raw.status, 201, raw.text)
        let data = try XCTUnwrap(object(raw)["data"] as? [String: Any])
        let policy = try XCTUnwrap((data["attributes"] as? [String: Any])?["aws_policy"] as? [String: String])
        let order = ["key", "success_action_status", "Content-Type", "x-amz-credential", "x-amz-algorithm", "x-amz-date", "policy", "x-amz-signature"]
        XCTAssertEqual(Set(policy.keys), Set(order))
        return (try XCTUnwrap(data["id"] as? String), order.map { ($0, policy[$0] ?? "") }, raw)
    }

    private static func form(_ parts: [(name: String, value: [UInt8], file: Bool)]) -> (ByteBuffer, String) {
        let boundary = "test-boundary-1234"
        var buffer = ByteBuffer()
        for part in parts {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"\(part.file ? "; filename=\"a.png\"\r\nContent-Type: image/png" : "")\r\n\r\n")
            buffer.writeBytes(part.value)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return (buffer, "multipart/form-data; boundary=\(boundary)")
    }

    private func upload(_ sandbox: SandboxServer, _ parts: [(name: String, value: [UInt8], file: Bool)]) async throws -> Raw {
        let (body, type) = Self.form(parts)
        return try await send(sandbox.uploadURL, .POST, body: body, contentType: type, token: nil)
    }

    func testStepOneAnswersAPolicyInS3sOrderAndRefusesWhatItCannotAttach() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let page = try await createPage(sandbox)
        let (_, _, raw) = try await stepOne(sandbox, page: page, size: 3)
        let positions = ["\"key\"", "\"success_action_status\"", "\"Content-Type\"", "\"x-amz-date\"", "\"policy\"", "\"x-amz-signature\""].compactMap { raw.text.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions.count, 6)
        XCTAssertEqual(positions, positions.sorted(), "the policy's fields in S3's order, not sorted: \(raw.text)")
        for (attributes, pointer) in [
            (#""name":"a.png","content_type":"image/png","size":3,"attachable_type":"page","page_id":999"#, "page_id"),
            (#""name":"a.png","content_type":"image/png","size":3,"attachable_type":"task","page_id":\#(page)"#, "attachable_type"),
            (#""name":"a/b.png","content_type":"image/png","size":3,"attachable_type":"page","page_id":\#(page)"#, "name"),
            (#""name":"a.png","content_type":"image/png","size":-1,"attachable_type":"page","page_id":\#(page)"#, "size"),
        ] {
            let refused = try await send(sandbox.baseURL + "/attachments", .POST, body: ByteBuffer(string: #"{"data":{"type":"attachments","attributes":{\#(attributes)}}}"#))
            XCTAssertEqual(refused.status, 422, refused.text)
            XCTAssertTrue(refused.text.contains("/data/attributes/\(pointer)"), refused.text)
        }
    }

    func testTheFileStoreRefusesFormsAsS3DoesAndTakesTheRightOne() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let page = try await createPage(sandbox)
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
        let (id, fields, _) = try await stepOne(sandbox, page: page, size: bytes.count)
        let good = fields.map { (name: $0.0, value: Array($0.1.utf8), file: false) }
        let file = (name: "file", value: bytes, file: true)
        func expect(_ parts: [(name: String, value: [UInt8], file: Bool)], _ status: Int, _ code: String, _ message: String, line: UInt = #line) async throws {
            let answer = try await upload(sandbox, parts)
            XCTAssertEqual(answer.status, status, answer.text, line: line)
            XCTAssertTrue(answer.text.contains("<Code>\(code)</Code>"), answer.text, line: line)
            XCTAssertTrue(answer.text.contains(message), answer.text, line: line)
        }
        try await expect([file] + good, 400, "InvalidArgument", "please check the order of the fields")
        try await expect(good.map { $0.name == "x-amz-signature" ? (name: $0.name, value: Array("0000".utf8), file: false) : $0 } + [file], 403, "SignatureDoesNotMatch", "does not match")
        try await expect(good.filter { $0.name != "x-amz-date" } + [file], 403, "AccessDenied", "x-amz-date")
        try await expect(good.map { $0.name == "Content-Type" ? (name: $0.name, value: Array("text/html".utf8), file: false) : $0 } + [file], 403, "AccessDenied", "Policy Condition failed")
        try await expect(good + [(name: "acl", value: Array("public-read".utf8), file: false), file], 403, "AccessDenied", "Extra input fields: acl")
        try await expect(good + [(name: "file", value: bytes + bytes, file: true)], 400, "EntityTooLarge", "exceeds")
        let plain = try await send(sandbox.uploadURL, .POST, body: ByteBuffer(string: "x"), contentType: "text/plain", token: nil)
        XCTAssertEqual(plain.status, 412)

        let taken = try await upload(sandbox, good + [file])
        XCTAssertEqual(taken.status, 201, taken.text)
        let location = try XCTUnwrap(taken.headers["location"])
        XCTAssertTrue(taken.text.contains("<Location>\(location)</Location>"), taken.text)
        XCTAssertTrue(taken.text.contains("<Key>\(fields[0].1)</Key>"), taken.text)

        let wrong = try await send(sandbox.baseURL + "/attachments/\(id)", .PATCH, body: ByteBuffer(string: #"{"data":{"type":"attachments","id":"\#(id)","attributes":{"temp_url":"\#(sandbox.uploadURL)/temp/other/a.png"}}}"#))
        XCTAssertEqual(wrong.status, 422, wrong.text)
        let finished = try await send(sandbox.baseURL + "/attachments/\(id)", .PATCH, body: ByteBuffer(string: #"{"data":{"type":"attachments","id":"\#(id)","attributes":{"temp_url":"\#(location)"}}}"#))
        XCTAssertEqual(finished.status, 200, finished.text)
        let url = try XCTUnwrap(((object(finished)["data"] as? [String: Any])?["attributes"] as? [String: Any])?["url"] as? String)
        XCTAssertTrue(url.contains("?"), "a query string, like files.productive.io: \(url)")
        let anonymous = try await send(url, .GET, token: nil)
        XCTAssertEqual(anonymous.status, 401, "the files are behind the page views' token")
        let served = try await send(url, .GET)
        XCTAssertEqual(served.status, 200)
        XCTAssertEqual(served.headers["content-type"], "image/png")
        XCTAssertEqual(served.bytes, bytes, "the bytes stored are the bytes sent")
    }

    func testAttachmentsSurviveARestart() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-attachments-\(UUID().uuidString).json").path
        defer {
            for suffix in ["", ".attachments.json", ".files"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var first = SandboxConfiguration(dataFile: file)
        first.port = 0
        let sandbox = try await SandboxServer.start(first)
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL, uploadURL: sandbox.uploadURL))
        let page = try await client.createPage(title: "Kept", markdown: "x", in: .project("1"))
        let attachment = try await client.uploadAttachment(pageID: page.id, fileName: "kept.webp", contentType: "image/webp", bytes: bytes, inline: true)
        try await client.shutdown()
        await sandbox.stop()

        let again = try await SandboxServer.start(SandboxConfiguration(port: sandbox.port, dataFile: file))
        defer { Task { await again.stop() } }
        let reader = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: again.baseURL, uploadURL: again.uploadURL))
        let listed = try await reader.attachments(ofPage: page.id)
        XCTAssertEqual(listed, [attachment])
        try await reader.shutdown()
        var request = HTTPClientRequest(url: try XCTUnwrap(attachment.url))
        request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let served = try await response.body.collect(upTo: 1 << 20)
        XCTAssertEqual(Array(served.readableBytesView), bytes)
    }

    /// A person's view: headless Chromium shows the page with its image, which it fetched from the
    /// attachment's url (skipped where chromium is absent). Run with `KEEP_SCREENSHOT=path` to look at it.
    func testHeadlessChromiumShowsTheAttachedImage() async throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try XCTSkipIf(chromium == nil, "chromium is not installed")
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL, uploadURL: sandbox.uploadURL))
        let page = try await client.createPage(title: "With a picture", markdown: "The diagram:", in: .project("1"))
        let image = try await client.uploadAttachment(pageID: page.id, fileName: "diagram.png", contentType: "image/png", bytes: TestPNG.checkerboard(size: 160), inline: true)
        _ = try await client.write(.appendMarkdown, "![Stack diagram](\(try XCTUnwrap(image.url)))\n\nAfter the picture.", to: page.id)
        try await client.shutdown()

        let screenshot = ProcessInfo.processInfo.environment["KEEP_SCREENSHOT"] ?? FileManager.default.temporaryDirectory.appendingPathComponent("attachment-\(UUID().uuidString).png").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium ?? "")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,600", "--screenshot=\(screenshot)",
                             "\(sandbox.viewURL)/pages/\(page.id)?token=\(SandboxServer.defaultToken)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: screenshot))
        XCTAssertGreaterThanOrEqual(sandbox.uploads.filesServed, 1, "the browser fetched the image from its url")
        let view = try await send(sandbox.viewURL + "/pages/\(page.id)", .GET)
        XCTAssertTrue(view.text.contains("<img src=\"\(image.url ?? "")\""), view.text)
        if ProcessInfo.processInfo.environment["KEEP_SCREENSHOT"] == nil { try? FileManager.default.removeItem(atPath: screenshot) }
    }
}

/// A small PNG written by hand (stored deflate blocks): a blue and orange checkerboard.
enum TestPNG {
    static func checkerboard(size: Int) -> [UInt8] {
        var raw: [UInt8] = []
        for y in 0..<size {
            raw.append(0)
            for x in 0..<size {
                raw += ((x / 20) + (y / 20)) % 2 == 0 ? [0x1F, 0x6F, 0xEB] : [0xF5, 0x9E, 0x0B]
            }
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(size)) + bigEndian(UInt32(size)) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var index = 0
        repeat {
            let length = min(65_535, data.count - index)
            let last: UInt8 = index + length >= data.count ? 1 : 0
            out += [last, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[index..<(index + length)]
            index += length
        } while index < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
