import Foundation

extension RuleCatalog {
    /// The rules reference as Markdown: the content of `docs/rules.md`.
    public static func markdownReference() -> String {
        var out = """
            # Rules reference

            Generated from the rule catalog (`Sources/ProductiveFormat/Rules/RuleCatalog.swift`) by
            `productive-docs rules --markdown`; do not edit by hand. Every example below is also a test.

            | Rule | Name | Severity | What it notices |
            |---|---|---|---|

            """
        for rule in all + SyncRules.all {
            out += "| [\(rule.id)](#\(rule.id.lowercased())) | `\(rule.name)` | \(rule.severity.rawValue) | \(rule.summary) |\n"
        }
        for rule in all {
            out += heading(rule)
            if rule.examplePath != .auto {
                out += "- **Examples are converted with** `--to \(rule.examplePath.rawValue)`.\n"
            }
            if let published = rule.examplePublishedFiles {
                out += "- **Examples are published with** \(published.map { "`\($0)`" }.joined(separator: ", ")).\n"
            }
            if let files = rule.exampleFiles {
                out += "- **Examples are checked in a folder holding** \(files.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")).\n"
            }
            out += "\nTriggers on:\n\n"
            for example in rule.triggering { out += fenced(example) }
            out += "Does not trigger on:\n\n"
            for example in rule.nonTriggering { out += fenced(example) }
        }
        out += "\n# Publishing rules\n\n"
        out += "`plan` and `publish` report these while scanning the docs folder (and `lint` for the files of a docs folder); the fallback says what happens to the file.\n"
        for rule in SyncRules.all { out += heading(rule) }
        return out
    }

    /// A rule's section up to its examples: id, name, severity, summary, fallback, rationale.
    private static func heading(_ rule: Rule) -> String {
        """

            ## \(rule.id)

            `\(rule.name)`, default severity **\(rule.severity.rawValue)**.

            \(rule.summary)

            - **Fallback:** \(rule.fallback)
            - **Why:** \(rule.rationale)

            """
    }

    private static func fenced(_ example: String) -> String {
        let shown = example.replacingOccurrences(of: "\u{0}", with: "\\0")
        return "````markdown\n\(shown)\(shown.hasSuffix("\n") ? "" : "\n")````\n\n"
    }
}
