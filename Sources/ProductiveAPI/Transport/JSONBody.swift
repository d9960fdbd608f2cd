import ProductiveWire

/// A request body that carries a payload, written as bytes: the same bytes `WireJSON` (JSONEncoder
/// with `.sortedKeys`) writes for the same value, with the payload's bytes escaped straight into
/// them, never made a `String` on the way.
indirect enum JSONBody: Sendable {
    case string(String)
    case payload(Payload)
    case int(Int)
    /// Written with its keys sorted by their UTF-8 bytes, as `.sortedKeys` sorts them; a nil value is
    /// left out, as JSONEncoder leaves out a nil optional.
    case object([String: JSONBody?])

    /// An id as `WireID` encodes it: a number when it reads as one, else the text.
    static func id(_ id: WireID) -> JSONBody {
        Int(id.text).map(JSONBody.int) ?? .string(id.text)
    }

    /// `{"data":{"attributes":…,"type":…}}`: a create request's resource document.
    static func document(type: String, attributes: [String: JSONBody?]) -> JSONBody {
        .object(["data": .object(["attributes": .object(attributes), "type": .string(type)])])
    }

    /// The body's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        write(into: &out)
        return out
    }

    /// Appends the body's bytes to `out`.
    func write(into out: inout [UInt8]) {
        switch self {
        case .string(let text): JSONStringEscaping.append(text.utf8, to: &out)
        case .payload(let payload): JSONStringEscaping.append(payload.bytes, to: &out)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let present = members.compactMap { key, value in value.map { (key: key, value: $0) } }
            for (index, member) in present.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONStringEscaping.append(member.key.utf8, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// About how many bytes it takes: the payloads and texts, a little over for escapes and syntax.
    private var capacity: Int {
        switch self {
        case .string(let text): text.utf8.count + 2
        case .payload(let payload): payload.bytes.count + payload.bytes.count / 16 + 2
        case .int: 20
        case .object(let members): members.reduce(2) { $0 + $1.key.utf8.count + 4 + ($1.value?.capacity ?? 0) }
        }
    }
}

/// JSON strings as JSONEncoder writes them: `"` and `\` escaped, `/` as `\/`, the control characters
/// below U+0020 as `\b \t \n \f \r` or `\u00xx` (lowercase hex), every other byte as it is (UTF-8
/// passes through; U+2028 and U+2029 are not escaped).
enum JSONStringEscaping {
    /// True for each byte written as it is.
    private static let plain: [Bool] = (0..<256).map { byte in byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x2F }

    /// Appends `bytes` (valid UTF-8) as a quoted JSON string: the runs that need no escape in one go.
    static func append(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if bytes.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            Array(bytes).withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        plain.withUnsafeBufferPointer { plain in
            var runStart = 0
            for index in bytes.indices where !plain[Int(bytes[index])] {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(bytes[index], to: &out)
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// The escape of one byte that `plain` does not pass.
    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22, 0x5C, 0x2F: out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            out.append(UInt8(ascii: "u"))
            out.append(0x30)
            out.append(0x30)
            out.append(hex(byte >> 4))
            out.append(hex(byte & 0xF))
        }
    }

    private static func hex(_ digit: UInt8) -> UInt8 {
        digit < 10 ? 0x30 + digit : 0x61 + digit - 10
    }
}
