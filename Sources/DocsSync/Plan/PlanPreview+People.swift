import Foundation

extension PlanPreview {
    /// Who the run notifies (`mentions: true`) and the access it changes (`sharing:`), for the
    /// pull-request comment; empty when neither applies.
    func peopleSections() -> String {
        var out = ""
        if !plan.notifications.isEmpty {
            out += "#### Who this publish notifies\n\n"
            for (key, people) in plan.notifications.sorted(by: { $0.key < $1.key }) {
                out += "- `\(Self.code(key))`: " + people.map { Self.html(Printable.escaped($0)) }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        let sharing = plan.sharing.filter { !$0.changes.isEmpty }
        if !sharing.isEmpty {
            out += "#### Access\n\n"
            for item in sharing {
                out += "- `\(Self.code(item.key))`" + (item.pageID.map { " (page \($0))" } ?? "") + ": " + Self.html(Printable.escaped(item.summary)) + "\n"
            }
            out += "\n"
        }
        return out
    }
}
