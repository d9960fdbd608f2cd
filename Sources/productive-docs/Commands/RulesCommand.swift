import ArgumentParser
import ProductiveFormat

/// `productive-docs rules`: the rule catalog.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules; with --markdown, print the rules reference (docs/rules.md)."
    )

    @Flag(help: "Print the full rules reference as Markdown.")
    var markdown = false

    func run() {
        if markdown {
            Terminal.standardOutput.write(RuleCatalog.markdownReference())
            return
        }
        var out = ""
        for rule in RuleCatalog.all {
            let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let name = rule.name.padding(toLength: 28, withPad: " ", startingAt: 0)
            out += "\(rule.id)  \(severity)\(name)\(rule.summary)\n"
        }
        Terminal.standardOutput.write(out)
    }
}
