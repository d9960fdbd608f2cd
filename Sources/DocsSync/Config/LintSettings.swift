import ProductiveFormat
import Yams

/// The `lint:` section of `productive-docs.yml`: which rules report, and how seriously.
///
/// ```yaml
/// lint:
///   strict: false          # true: warnings fail lint too, as with --strict
///   rules:
///     PD005: off           # off, on, info, warning or error
///     heading-too-deep: error
/// ```
///
/// Rules are named by id or by name. `off` hides a rule's findings (its fallback still applies);
/// a severity applies to every finding of the rule, in lint, convert and publish alike.
public struct LintSettings: Sendable, Equatable {
    /// The rule settings, applied to findings through `ConversionOptions.findingPolicy`.
    public var policy = FindingPolicy()
    /// Warnings fail `lint` too; nil when the file does not say.
    public var strict: Bool?

    public init(policy: FindingPolicy = FindingPolicy(), strict: Bool? = nil) {
        self.policy = policy
        self.strict = strict
    }

    /// The key of this section in the configuration file.
    public static let key = "lint"

    /// Reads the `lint:` section of a configuration file's text (`path` names the file in errors).
    /// Unknown keys, unknown rules and bad values are errors naming the file, the line and the setting.
    public static func parse(yaml text: String, path: String) throws -> LintSettings {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SyncError("\(path): not valid YAML: \(error)")
        }
        guard let section = root?.mapping?[key], !isEmpty(section) else { return LintSettings() }
        return try LintSettings(section, path: path)
    }

    private init(_ section: Node, path: String) throws {
        func fail(_ node: Node, _ message: String) -> SyncError {
            let place = node.mark.map { "\(path):\($0.line):\($0.column)" } ?? path
            return SyncError("\(place): \(message)")
        }
        guard let mapping = section.mapping else {
            throw fail(section, "`lint` must be a mapping with `rules` and `strict`")
        }
        for (keyNode, value) in mapping {
            switch keyNode.string ?? "" {
            case "strict":
                guard let flag = value.scalar.flatMap({ Self.boolean($0.string) }) else {
                    throw fail(value, "`lint.strict` must be true or false")
                }
                strict = flag
            case "rules":
                if Self.isEmpty(value) { continue }
                guard let rules = value.mapping else {
                    throw fail(value, "`lint.rules` must map rule ids to \(FindingPolicy.Setting.spellings), e.g. `PD005: off`")
                }
                for (ruleNode, settingNode) in rules {
                    let name = ruleNode.string ?? ""
                    guard let rule = RuleCatalog.rule(matching: name) else {
                        throw fail(ruleNode, "unknown rule `\(name)` in `lint.rules` (see `productive-docs rules`)")
                    }
                    guard let text = settingNode.scalar?.string, let setting = FindingPolicy.Setting(parsing: text) else {
                        throw fail(settingNode, "`lint.rules.\(name)` must be \(FindingPolicy.Setting.spellings)")
                    }
                    policy[rule.id] = setting
                }
            case let other:
                throw fail(keyNode, "unknown setting `lint.\(other)` (expected `rules` or `strict`)")
            }
        }
    }

    /// True for a key given no value (`lint:` with everything below it commented out).
    private static func isEmpty(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return ["", "~", "null"].contains(scalar.string.lowercased())
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }
}
