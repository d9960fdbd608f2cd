import ProductiveFormat
import Yams

/// Page metadata read from a leading YAML block (`---` ... `---`).
public struct FrontMatter: Equatable, Sendable {
    public var title: String?
    public var pageID: String?
    public var order: Double?
    public var format: OutputFormat?
    /// False when the file is marked `publish: false`.
    public var publish = true

    public init(title: String? = nil, pageID: String? = nil, order: Double? = nil, format: OutputFormat? = nil, publish: Bool = true) {
        self.title = title
        self.pageID = pageID
        self.order = order
        self.format = format
        self.publish = publish
    }

    /// Splits `text` into front matter and body. The body keeps its line numbers through `bodyLineOffset`.
    public static func split(_ text: String, into findings: inout FindingCollector) -> (FrontMatter, body: Substring, bodyLineOffset: Int) {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return (FrontMatter(), text[...], 0) }
        var lineNumber = 1
        var yamlStart: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let lineEnd = text[index...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[index..<lineEnd].trimmingSuffix("\r")
            if lineNumber == 1 {
                yamlStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            } else if line == "---" || line == "..." {
                let yaml = String(text[yamlStart!..<index])
                let bodyStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
                let matter = parse(yaml, into: &findings)
                return (matter, text[bodyStart...], lineNumber)
            }
            guard lineEnd < text.endIndex else { break }
            index = text.index(after: lineEnd)
            lineNumber += 1
        }
        // No closing line: not front matter, just Markdown that starts with a rule.
        return (FrontMatter(), text[...], 0)
    }

    /// The YAML starts on line 2 of the file.
    private static let yamlFirstLine = 2

    static func parse(_ yaml: String, into findings: inout FindingCollector) -> FrontMatter {
        let value: Any?
        do {
            value = try Yams.load(yaml: yaml)
        } catch let error as YamlError {
            let (line, column, problem) = describe(error)
            findings.report(
                RuleCatalog.frontMatterInvalid,
                at: SourcePosition(line: line + yamlFirstLine - 1, column: column),
                "front matter is not valid YAML: \(problem); it is ignored"
            )
            return FrontMatter()
        } catch {
            findings.report(RuleCatalog.frontMatterInvalid, at: SourcePosition(line: yamlFirstLine, column: 1), "front matter could not be read: \(error)")
            return FrontMatter()
        }
        guard let value else { return FrontMatter() }
        guard let hashed = value as? [AnyHashable: Any] else {
            findings.report(RuleCatalog.frontMatterInvalid, at: SourcePosition(line: yamlFirstLine, column: 1), "front matter must be a mapping of keys to values; it is ignored")
            return FrontMatter()
        }
        var map: [String: Any] = [:]
        for (key, entry) in hashed {
            if let key = key.base as? String { map[key] = entry }
        }
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
        if let publish = map["publish"] {
            if let flag = publish as? Bool { matter.publish = flag } else { wrongType("publish", "true or false") }
        }
        return matter
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
