import Foundation
import NIOCore

/// A `multipart/form-data` body (RFC 7578): text fields in the order given, then one file.
struct MultipartForm: Sendable {
    let boundary: String
    let body: ByteBuffer

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// - Parameter file: the field name, the file name, its content type and its bytes (sent last).
    init(fields: [(name: String, value: String)], file: (field: String, name: String, contentType: String, bytes: [UInt8])) {
        boundary = "productive-docs-" + UUID().uuidString
        var buffer = ByteBuffer()
        buffer.reserveCapacity(file.bytes.count + 512 + fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 128 })
        for field in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n\(field.value)\r\n")
        }
        let fileName = Self.quotedSafe(file.name)
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(fileName)\"\r\nContent-Type: \(file.contentType)\r\n\r\n")
        buffer.writeBytes(file.bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        body = buffer
    }

    /// True when `text` can go into a form field as it is: no line break or other control character,
    /// and in a field's name no quote either.
    static func canCarry(_ text: String, asName: Bool = false) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(asName && $0 == "\"") }
    }

    /// A file name for the `filename` parameter: quotes, backslashes and control characters percent-encoded.
    private static func quotedSafe(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\"" || scalar == "\\" || scalar == "%" {
                out += String(format: "%%%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
