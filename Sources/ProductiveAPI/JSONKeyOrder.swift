import Foundation

/// The keys of one JSON object in the order the text gives them, which decoding forgets (a
/// `Decodable`'s keyed container lists its keys in no particular order).
/// The upload form must send the `aws_policy` fields in the order the answer lists them.
///
/// A single pass over the bytes with an explicit stack (no recursion, whatever the nesting): it
/// follows a path of object keys from the top (`["data", "attributes", "aws_policy"]`) and returns
/// the keys of the object found there. Nil when there is no such object or the text is not JSON
/// enough to tell (the caller has decoded the same bytes first).
enum JSONKeyOrder {
    private struct Frame {
        var isObject: Bool
        /// The key whose value comes next (objects only).
        var key: String?
        /// How many keys of the path lead to this frame (-1: it is off the path).
        var matched: Int
    }

    static func keys(at path: [String], in data: Data) -> [String]? {
        let bytes = [UInt8](data)
        var stack: [Frame] = []
        var found: [String]?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let matched = matchedKeys(below: stack.last, path: path)
                if byte == UInt8(ascii: "{"), matched == path.count, found == nil { found = [] }
                stack.append(Frame(isObject: byte == UInt8(ascii: "{"), key: nil, matched: matched))
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let frame = stack.popLast(), frame.matched == path.count, frame.isObject { return found }
                index += 1
            case UInt8(ascii: "\""):
                guard let (text, end) = string(bytes, from: index) else { return nil }
                index = end
                guard var frame = stack.last, frame.isObject else { continue }
                // A string followed by a colon is a key; otherwise it is a value.
                var next = index
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: ":") {
                    frame.key = text
                    stack[stack.count - 1] = frame
                    if frame.matched == path.count { found?.append(text) }
                }
            default:
                index += 1
            }
        }
        return nil
    }

    /// How many keys of `path` lead to a container opened inside `parent` (nil: at the top):
    /// -1 when it is off the path.
    private static func matchedKeys(below parent: Frame?, path: [String]) -> Int {
        guard let parent else { return 0 }
        guard parent.isObject, parent.matched >= 0, parent.matched < path.count, parent.key == path[parent.matched] else { return -1 }
        return parent.matched + 1
    }

    /// The string starting at `start` (a quote), decoded, and the index after its closing quote.
    private static func string(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        var index = start + 1
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                let raw = Data(bytes[start...index])
                guard let text = try? JSONDecoder().decode(String.self, from: raw) else { return nil }
                return (text, index + 1)
            }
            index += 1
        }
        return nil
    }
}
