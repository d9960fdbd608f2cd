import Foundation
import ProductiveAPI
import ProductiveFormat

/// `plan --format markdown`: the plan as a pull-request comment. A summary line, then one
/// collapsible section per page that changes: the action and its reason, the content change as a
/// unified diff of the Markdown (the page's current body against what publish would send), the
/// file's findings and attachment uploads and deletions; then deleted pages. Unchanged pages are counted, not listed. The whole stays within
/// GitHub's comment size, with a note when pages were left out.
public struct PlanPreview: Sendable {
    /// GitHub's limit on a comment's body (characters; counted here as UTF-8 bytes, which is never
    /// fewer).
    public static let commentLimit = 65_536

    /// One page of the preview.
    struct Entry: Sendable {
        var item: PlanItem
        /// The file the page comes from (findings are reported against it).
        var file: String?
        /// The page's current body as Markdown (nil: none, or not read).
        var current: String?
        /// Why the current body is not shown, when it was not read.
        var currentNote: String?
    }

    let plan: Plan
    var entries: [String: Entry] = [:]

    /// A preview from the plan alone: new pages' content in full, no current bodies.
    public init(plan: Plan) {
        self.plan = plan
        for item in plan.items { entries[item.key] = Entry(item: item, file: item.key.hasSuffix("/") || item.key == "." ? nil : item.key) }
    }

    /// The comment, at most `limit` UTF-8 bytes.
    public func markdown(limit: Int = PlanPreview.commentLimit) -> String {
        let changed = plan.items.filter { !$0.isUnchanged && $0.actions != [.orphan] }
        let deletions = plan.items.filter { $0.actions == [.orphan] }
        let unchanged = plan.items.count { $0.isUnchanged }
        var out = "### productive-docs plan\n\n**\(plan.summary)**"
        if plan.heldBack > 0 { out += " · \(plan.heldBack) held back (see each page)" }
        if unchanged > 0, changed.isEmpty { out += " · Productive already holds every file" }
        out += "\n\n"
        var tail = peopleSections()
        if !deletions.isEmpty {
            tail += "#### Pages of files that are gone\n\n"
            for item in deletions {
                tail += "- `\(Self.code(item.key))`" + (item.pageID.map { " (page \($0))" } ?? "") + ": \(Self.html(Printable.escaped(item.detail ?? "orphan")))\n"
            }
            tail += "\n"
        }
        var sections = changed.map { section(entries[$0.key] ?? Entry(item: $0)) }
        var left = 0
        func size() -> Int { out.utf8.count + sections.reduce(0) { $0 + $1.utf8.count } + tail.utf8.count + 200 }
        while size() > limit, !sections.isEmpty {
            sections.removeLast()
            left += 1
        }
        out += sections.joined()
        out += tail
        if left > 0 {
            out += "_\(left) more page\(left == 1 ? "" : "s") not shown: the comment would exceed GitHub's \(Self.commentLimit) characters. `productive-docs plan` lists every page._\n"
        }
        return out
    }

    /// One page: `<details>` with the action in the summary.
    private func section(_ entry: Entry) -> String {
        let item = entry.item
        let actions = item.actions.map(\.rawValue).joined(separator: ", ")
        var out = "<details><summary><b>\(actions)</b> <code>\(Self.html(Printable.escaped(item.key)))</code> “\(Self.html(Printable.escaped(item.title)))”"
        if let id = item.pageID { out += " (page \(id))" }
        out += "</summary>\n\n"
        if let detail = item.detail { out += Self.html(Printable.escaped(detail)) + "\n\n" }
        if let attachments = item.attachmentDetail { out += "Attachments: " + Self.html(Printable.escaped(attachments)) + "\n\n" }
        out += diff(entry)
        let findings = plan.findings.filter { $0.path == entry.file }.map(\.finding)
        let shown = findings.filter { $0.severity >= .warning }
        if !shown.isEmpty {
            out += "What degrades in Productive:\n\n"
            for finding in shown.sorted(by: { $0.position < $1.position }) {
                out += "- `\(Self.code(entry.file ?? item.key)):\(finding.position.line):\(finding.position.column)` \(finding.severity.rawValue): \(Self.html(Printable.escaped(finding.message))) [\(finding.ruleID)]\n"
            }
            out += "\n"
        }
        let infos = findings.count - shown.count
        if infos > 0 { out += "And \(infos) info\(infos == 1 ? "" : "s"): `productive-docs lint` lists every finding.\n\n" }
        return out + "</details>\n\n"
    }

    /// The unified diff of the Markdown, current body against what would be sent.
    private func diff(_ entry: Entry) -> String {
        let item = entry.item
        let sendsBody = item.actions.contains { [.create, .update, .conflict, .adopt, .missingRemotely].contains($0) }
        guard sendsBody, let rendered = item.rendered else { return "" }
        if let note = entry.currentNote { return "_\(Self.html(note))_\n\n" }
        let writer = MarkdownWriter(style: .payload)
        let new = writer.write(rendered.sent.normalized())
        let creates = item.actions.contains(.create) || item.actions.contains(.missingRemotely)
        let old = creates ? "" : entry.current ?? ""
        if !creates, entry.current == nil { return "" }
        let name = entry.file ?? item.key
        // Each line printable (tabs kept): a control character in a file or a page never reaches the comment raw.
        let unified = LineDiff.unified(old, new, oldLabel: item.pageID.map { "page \($0) (now)" } ?? "/dev/null", newLabel: "\(name) (as publish sends it)")
            .split(separator: "\n", omittingEmptySubsequences: false).map { line in line.split(separator: "\t", omittingEmptySubsequences: false).map { Printable.escaped(String($0)) }.joined(separator: "\t") }
            .joined(separator: "\n")
        guard !unified.isEmpty else { return "_The Markdown is the same; the page differs in what it does not show (ids, how text is split)._\n\n" }
        let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(unified) + 1))
        return "\(fence)diff\n\(unified)\(unified.hasSuffix("\n") ? "" : "\n")\(fence)\n\n"
    }

    private static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for character in text.utf8 {
            run = character == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// Text for HTML and Markdown alike: `&`, `<`, `>` escaped.
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Text inside a code span: backticks cannot close it.
    static func code(_ text: String) -> String {
        Printable.escaped(text).replacingOccurrences(of: "`", with: "'")
    }
}

extension Publisher {
    /// The preview of `plan` with the current body of each page it would write (one read each, at
    /// most `maxReads`), and each page's file. Reads only.
    public func preview(_ plan: Plan, maxReads: Int = 200) async -> PlanPreview {
        var preview = PlanPreview(plan: plan)
        let files = Dictionary(uniqueKeysWithValues: workspace.pages.map { ($0.key, $0.file) })
        var reads = 0
        for item in plan.items {
            preview.entries[item.key]?.file = files[item.key] ?? nil
            let writes = item.actions.contains { [.update, .conflict, .adopt].contains($0) }
            guard writes, let id = item.pageID else { continue }
            guard reads < maxReads else {
                preview.entries[item.key]?.currentNote = "not read: the preview reads at most \(maxReads) pages"
                continue
            }
            reads += 1
            do {
                let page = try await client.page(id)
                let stored = try StoredBodyReader.read(page.body).document.normalized()
                preview.entries[item.key]?.current = MarkdownWriter(style: .payload).write(stored)
            } catch {
                preview.entries[item.key]?.currentNote = "the current body of page \(id) could not be read: \(ErrorText.clean(error))"
            }
        }
        return preview
    }
}
