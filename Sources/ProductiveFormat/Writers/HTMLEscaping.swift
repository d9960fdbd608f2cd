/// The escaping of HTML text and attribute values, on UTF-8 bytes.
enum HTMLEscaping {
    /// For each byte: 0 when copied as it is, 1 when escaped in text and attributes, 2 in attributes only.
    private static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in "<>&".utf8 { table[Int(byte)] = 1 }
        table[Int(UInt8(ascii: "\""))] = 2
        return table
    }()

    /// Appends `text` as HTML text content.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        append(text, escapingQuotes: false, to: &out)
    }

    /// Appends `text` as a double-quoted attribute value.
    static func appendAttribute(_ text: String, to out: inout [UInt8]) {
        append(text, escapingQuotes: true, to: &out)
    }

    private static func append(_ text: String, escapingQuotes: Bool, to out: inout [UInt8]) {
        let limit: UInt8 = escapingQuotes ? 2 : 1
        withBytes(of: text) { bytes in
            classes.withUnsafeBufferPointer { classes in
                var copied = 0
                for index in 0..<bytes.count {
                    let kind = classes[Int(bytes[index])]
                    guard kind != 0, kind <= limit else { continue }
                    out.append(contentsOf: bytes.slice(copied..<index))
                    switch bytes[index] {
                    case UInt8(ascii: "<"): out.append("&lt;")
                    case UInt8(ascii: ">"): out.append("&gt;")
                    case UInt8(ascii: "&"): out.append("&amp;")
                    default: out.append("&quot;")
                    }
                    copied = index + 1
                }
                out.append(contentsOf: bytes.slice(copied..<bytes.count))
            }
        }
    }
}
