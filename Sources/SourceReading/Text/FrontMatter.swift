import ProductiveFormat
import Yams

/// Page metadata read from a leading YAML block (`---` ... `---`).
public struct FrontMatter: Equatable, Sendable {
    public var title: String?
    public var pageID: String?
    public var order: Double?
    public var format: OutputFormat?
    /// `images: upload | link | text`: what this page's local images become.
    public var images: ImageMode?
    /// False when the file is marked `publish: false`.
    public var publish = true
    /// `mentions: true | false`: whether `[@Name](mailto:..)` links of this page become user
    /// mentions (nil: the configuration's `mentions`).
    public var mentions: Bool?

    public init(title: String? = nil, pageID: String? = nil, order: Double? = nil, format: OutputFormat? = nil, publish: Bool = true) {
        self.title = title
        self.pageID = pageID
        self.order = order
        self.format = format
        self.publish = publish
    }

    /// Splits a document's bytes (valid UTF-8) into front matter and body: the body is
    /// `bytes[bodyStart...]` and keeps its line numbers through `bodyLineOffset`. Lines end with
    /// `\n` or `\r\n`: the front matter opens with a `---` line and closes with `---` or `...`.
    public static func split(_ bytes: ArraySlice<UInt8>, into findings: inout FindingCollector) -> (FrontMatter, bodyStart: Int, bodyLineOffset: Int) {
        let notFrontMatter = (FrontMatter(), bytes.startIndex, 0)
        // One line from `start`: its bytes without the line break, and where the next line starts
        // (nil after the last line).
        func line(from start: Int) -> (text: ArraySlice<UInt8>, next: Int?) {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return (bytes[start...], nil) }
            let end = newline > start && bytes[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
            return (bytes[start..<end], newline + 1)
        }
        let opening = line(from: bytes.startIndex)
        guard opening.text.elementsEqual("---".utf8), let yamlStart = opening.next else { return notFrontMatter }
        var start = yamlStart
        var lineNumber = 2
        while start < bytes.endIndex {
            let current = line(from: start)
            if current.text.elementsEqual("---".utf8) || current.text.elementsEqual("...".utf8) {
                let yaml = String(decoding: bytes[yamlStart..<start], as: UTF8.self)
                return (parse(yaml, into: &findings), current.next ?? bytes.endIndex, lineNumber)
            }
            guard let next = current.next else { break }
            start = next
            lineNumber += 1
        }
        // No closing line: not front matter, just Markdown that starts with a rule.
        return notFrontMatter
    }

    /// The YAML starts on line 2 of the file.
    private static let yamlFirstLine = 2

    /// Front matter larger than this is not parsed: a page's settings take a few lines.
    static let maximumBytes = 64 << 10
    /// Front matter whose values, aliases expanded, number more than this is not read: a few hundred
    /// bytes of nested YAML aliases (a "billion laughs") expand to gigabytes.
    static let maximumValues = 10_000

    /// The settings `yaml` gives; what cannot be read is a PD012 finding and is ignored (the whole
    /// front matter when it is not a mapping, a key when its value has the wrong type).
    static func parse(_ yaml: String, into findings: inout FindingCollector) -> FrontMatter {
        guard let map = mapping(yaml, into: &findings) else { return FrontMatter() }
        var matter = FrontMatter()
        func wrongType(_ key: String, _ expected: String) {
            let line = yamlLine(of: key, in: yaml) + yamlFirstLine - 1
            findings.report(RuleCatalog.frontMatterInvalid, at: SourcePosition(line: line, column: 1), "front matter key `\(key)` must be \(expected); it is ignored")
        }
        if let title = map["title"] {
            if let string = scalarString(title) { matter.title = string } else { wrongType("title", "a string") }
        }
        if let pageID = map["page_id"] {
            if let string = scalarString(pageID) { matter.pageID = string } else { wrongType("page_id", "a page id") }
        }
        if let order = map["order"] {
            if let number = order as? Int { matter.order = Double(number) } else if let number = order as? Double { matter.order = number } else { wrongType("order", "a number") }
        }
        if let format = map["format"] {
            if let string = format as? String, let parsed = OutputFormat(rawValue: string) { matter.format = parsed } else { wrongType("format", "markdown, html or auto") }
        }
        if let images = map["images"] {
            if let string = images as? String, let parsed = ImageMode(rawValue: string) { matter.images = parsed } else { wrongType("images", "upload, link or text") }
        }
        if let publish = map["publish"] {
            if let flag = publish as? Bool { matter.publish = flag } else { wrongType("publish", "true or false") }
        }
        if let mentions = map["mentions"] {
            if let flag = mentions as? Bool { matter.mentions = flag } else { wrongType("mentions", "true or false") }
        }
        return matter
    }

    /// The keys and values of `yaml`; nil (with a finding) when it is too large, expands to too
    /// many values, is not valid YAML or is not a mapping.
    private static func mapping(_ yaml: String, into findings: inout FindingCollector) -> [String: Any]? {
        let start = SourcePosition(line: yamlFirstLine, column: 1)
        if yaml.utf8.count > maximumBytes {
            findings.report(RuleCatalog.frontMatterInvalid, at: start, "front matter is larger than \(maximumBytes >> 10) KB; it is ignored")
            return nil
        }
        let value: Any?
        do {
            let node = try Yams.compose(yaml: yaml)
            if let node, !fewValues(node, atMost: maximumValues) {
                findings.report(RuleCatalog.frontMatterInvalid, at: start,
                                "front matter expands to more than \(maximumValues) values (YAML aliases repeat one another); it is ignored")
                return nil
            }
            value = node?.any
        } catch let error as YamlError {
            let (line, column, problem) = describe(error)
            findings.report(
                RuleCatalog.frontMatterInvalid,
                at: SourcePosition(line: line + yamlFirstLine - 1, column: column),
                "front matter is not valid YAML: \(problem); it is ignored"
            )
            return nil
        } catch {
            findings.report(RuleCatalog.frontMatterInvalid, at: start, "front matter could not be read: \(error)")
            return nil
        }
        guard let value else { return nil }
        guard let hashed = value as? [AnyHashable: Any] else {
            findings.report(RuleCatalog.frontMatterInvalid, at: start, "front matter must be a mapping of keys to values; it is ignored")
            return nil
        }
        var map: [String: Any] = [:]
        for (key, entry) in hashed {
            if let key = key.base as? String { map[key] = entry }
        }
        return map
    }

    /// True when `node`, every alias expanded, holds at most `limit` values. Counted on the composed
    /// tree (an alias shares the node it names), stopping at the limit, so a bomb costs `limit` steps.
    static func fewValues(_ node: Node, atMost limit: Int) -> Bool {
        var count = 0
        var stack = [node]
        while let next = stack.popLast() {
            count += 1
            if count > limit { return false }
            switch next {
            case .mapping(let mapping):
                for (key, value) in mapping { stack.append(key); stack.append(value) }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                continue
            }
        }
        return true
    }

    private static func scalarString(_ value: Any) -> String? {
        switch value {
        case let string as String: string
        case let number as Int: String(number)
        case let number as Double: String(number)
        default: nil
        }
    }

    private static func yamlLine(of key: String, in yaml: String) -> Int {
        var line = 1
        for text in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if text.hasPrefix(key + ":") { return line }
            line += 1
        }
        return 1
    }

    private static func describe(_ error: YamlError) -> (line: Int, column: Int, problem: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return (max(1, mark.line), max(1, mark.column), problem)
        case .reader(let problem, _, _, _):
            return (1, 1, problem)
        default:
            return (1, 1, "\(error)")
        }
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
