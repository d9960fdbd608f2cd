import Foundation

/// A list answer's JSON written straight to bytes: the same bytes `JSONSerialization` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]`, without bridging every resource to `NSDictionary`
/// (that bridging and its key sort were 70 % of the sandbox's time listing 7,000 pages).
///
/// Takes strings, integers, booleans, `NSNull`, arrays and objects whose keys are lowercase ASCII
/// letters and `_` (where `JSONSerialization`'s case-insensitive, numeric key order is byte order);
/// anything else (a floating-point number, an `NSNumber`, another key) gives nil, and the caller
/// falls back to `JSONSerialization`.
enum ListAnswerJSON {
    /// The JSON of `value`, or nil when it holds something this writer leaves to `JSONSerialization`.
    static func bytes(_ value: Any) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(64 * 1024)
        return write(value, into: &out) ? out : nil
    }

    /// Values by their exact type, containers through `ListAnswerObject` and `ListAnswerArray`:
    /// a cast of a dictionary to `String` bridges it to `NSDictionary` first, and an `NSNumber`
    /// (which casts to both `Bool` and `Int`) is left to `JSONSerialization`.
    static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        let type = type(of: value)
        if type == String.self {
            writeString(value as! String, into: &out)
        } else if type == Int.self {
            out += Array(String(value as! Int).utf8)
        } else if type == Bool.self {
            out += value as! Bool ? Array("true".utf8) : Array("false".utf8)
        } else if type == NSNull.self {
            out += Array("null".utf8)
        } else if let object = value as? any ListAnswerObject {
            return object.writeJSON(into: &out)
        } else if let array = value as? any ListAnswerArray {
            return array.writeJSON(into: &out)
        } else {
            return false
        }
        return true
    }

    static func writeObject<Value>(_ object: [String: Value], into out: inout [UInt8]) -> Bool {
        guard object.keys.allSatisfy(isPlainKey) else { return false }
        out.append(UInt8(ascii: "{"))
        // Plain keys are ASCII: `<` is byte order.
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard let value = object[key], write(value, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    static func writeArray<Element>(_ array: [Element], into out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "["))
        for (index, element) in array.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard write(element, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    /// Lowercase ASCII letters and `_`: keys whose order is the same bytewise and in `JSONSerialization`.
    private static func isPlainKey(_ key: String) -> Bool {
        key.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
    }

    /// A JSON string as `JSONSerialization` writes it: `"` and `\` escaped, the control characters
    /// as `\b \f \n \r \t` or `\u00xx`, everything else (`/` and non-ASCII included) as it is.
    private static func writeString(_ string: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A JSON object `ListAnswerJSON` can write, whatever the type of its values.
protocol ListAnswerObject {
    func writeJSON(into out: inout [UInt8]) -> Bool
}

extension Dictionary: ListAnswerObject where Key == String {
    func writeJSON(into out: inout [UInt8]) -> Bool {
        ListAnswerJSON.writeObject(self, into: &out)
    }
}

/// A JSON array `ListAnswerJSON` can write, whatever the type of its elements.
protocol ListAnswerArray {
    func writeJSON(into out: inout [UInt8]) -> Bool
}

extension Array: ListAnswerArray {
    func writeJSON(into out: inout [UInt8]) -> Bool {
        ListAnswerJSON.writeArray(self, into: &out)
    }
}
