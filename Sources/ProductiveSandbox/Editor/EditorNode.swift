import Foundation

/// A node of a stored page body as Productive's editor keeps it: the ProseMirror JSON of
/// shared/reference/page-body.md (`type`, `attrs`, `content`, `text`, `marks`). The sandbox builds
/// it from payloads itself (`EditorSchemaParser`), never through the tool's document model.
struct EditorNode: Sendable, Equatable {
    var type: String
    var attrs: [String: AttrValue] = [:]
    var content: [EditorNode] = []
    var text: String?
    var marks: [EditorMark] = []

    /// An attribute value: what ProseMirror JSON attrs hold here.
    enum AttrValue: Sendable, Equatable {
        case string(String)
        case int(Int)
        case bool(Bool)
        case null

        var json: Any {
            switch self {
            case .string(let value): value
            case .int(let value): value
            case .bool(let value): value
            case .null: NSNull()
            }
        }

        init(json: Any) {
            if let value = json as? String {
                self = .string(value)
            } else if let value = json as? NSNumber {
                // A JSON boolean is an NSNumber of type `c` (`is Bool` holds for 0 and 1 too on Linux).
                self = String(cString: value.objCType) == "c" ? .bool(value.boolValue) : .int(value.intValue)
            } else {
                self = .null
            }
        }
    }

    static func text(_ text: String, marks: [EditorMark]) -> EditorNode {
        EditorNode(type: "text", text: text, marks: marks)
    }

    /// The JSON object of the node.
    var json: [String: Any] {
        var object: [String: Any] = ["type": type]
        if !attrs.isEmpty { object["attrs"] = attrs.mapValues(\.json) }
        if !content.isEmpty { object["content"] = content.map(\.json) }
        if let text { object["text"] = text }
        if !marks.isEmpty { object["marks"] = marks.map(\.json) }
        return object
    }

    /// A node read back from its JSON object (a body this sandbox stored before); nil when it is
    /// not one.
    init?(json: Any) {
        guard let object = json as? [String: Any], let type = object["type"] as? String else { return nil }
        self.type = type
        attrs = (object["attrs"] as? [String: Any])?.mapValues(AttrValue.init(json:)) ?? [:]
        content = (object["content"] as? [Any])?.compactMap(EditorNode.init(json:)) ?? []
        text = object["text"] as? String
        marks = (object["marks"] as? [Any])?.compactMap(EditorMark.init(json:)) ?? []
    }

    init(type: String, attrs: [String: AttrValue] = [:], content: [EditorNode] = [], text: String? = nil, marks: [EditorMark] = []) {
        self.type = type
        self.attrs = attrs
        self.content = content
        self.text = text
        self.marks = marks
    }
}

/// A mark on a text node (or an image).
struct EditorMark: Sendable, Equatable {
    var type: String
    var attrs: [String: EditorNode.AttrValue] = [:]

    var json: [String: Any] {
        attrs.isEmpty ? ["type": type] : ["type": type, "attrs": attrs.mapValues(\.json)]
    }

    init(type: String, attrs: [String: EditorNode.AttrValue] = [:]) {
        self.type = type
        self.attrs = attrs
    }

    init?(json: Any) {
        guard let object = json as? [String: Any], let type = object["type"] as? String else { return nil }
        self.type = type
        attrs = (object["attrs"] as? [String: Any])?.mapValues(EditorNode.AttrValue.init(json:)) ?? [:]
    }
}

/// A whole stored body: its top-level blocks.
struct EditorDocument: Sendable, Equatable {
    var blocks: [EditorNode] = []

    /// The body as `GET /pages/{id}` returns it: a JSON string, keys sorted. An empty body is one
    /// empty paragraph, as ProseMirror's `doc` needs at least one block.
    var json: String {
        let content = blocks.isEmpty ? [["type": "paragraph"]] : blocks.map(\.json)
        let object: [String: Any] = ["type": "doc", "content": content]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A body this sandbox stored (its data file); nil when the text is not one.
    init?(json text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              object["type"] as? String == "doc" else { return nil }
        let blocks = (object["content"] as? [Any])?.compactMap(EditorNode.init(json:)) ?? []
        self.blocks = blocks == [EditorNode(type: "paragraph")] ? [] : blocks
    }

    init(blocks: [EditorNode] = []) {
        self.blocks = blocks
    }
}
