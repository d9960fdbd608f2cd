import Foundation
import Hummingbird
import ProductiveFormat

/// Readable HTML views, so a person can look at what was published: the page tree at `/` (siblings
/// by `position`, as Productive shows them) and each page at `/pages/{id}`.
struct PageView: Sendable {
    let store: SandboxStore

    func index() -> Response {
        let pages = store.allPages()
        var children: [Int?: [StoredPage]] = [:]
        for page in pages { children[page.parentPageID, default: []].append(page) }
        var body = "<h1>Productive sandbox</h1>\n"
        if pages.isEmpty { body += "<p>No pages yet. Publish or append something, then reload.</p>\n" }
        let docs = pages.filter { $0.parentPageID == nil }
        for project in Set(docs.map(\.projectID)).sorted() {
            body += "<h2>Project \(project)</h2>\n"
            body += tree(docs.filter { $0.projectID == project }, children: children)
        }
        return html(title: "Productive sandbox", body: body)
    }

    /// Siblings in the order Productive shows them: by `position`, then by id (none: last).
    private func displayOrder(_ siblings: [StoredPage]) -> [StoredPage] {
        siblings.sorted { ($0.position ?? .max, $0.id) < ($1.position ?? .max, $1.id) }
    }

    /// Nested lists of links in tree order (each page, then its children by position), built
    /// without recursion.
    private func tree(_ roots: [StoredPage], children: [Int?: [StoredPage]]) -> String {
        var out = ""
        var stack: [(page: StoredPage?, close: Bool)] = [(nil, true)] + displayOrder(roots).reversed().map { ($0, false) }
        out += "<ul>\n"
        while let (page, close) = stack.popLast() {
            guard let page else {
                out += close ? "</ul>\n" : ""
                continue
            }
            if close {
                out += "</ul></li>\n"
                continue
            }
            let version = page.versionNumber.map { " <small>v\($0)</small>" } ?? ""
            out += "<li><a href=\"/pages/\(page.id)\">\(escape(page.title))</a>\(version)"
            let kids = children[page.id] ?? []
            if kids.isEmpty {
                out += "</li>\n"
            } else {
                out += "<ul>\n"
                stack.append((page, true))
                stack += displayOrder(kids).reversed().map { ($0, false) }
            }
        }
        return out
    }

    func page(_ id: Int?) -> Response {
        guard let id, let page = store.allPages().first(where: { $0.id == id }) else {
            return html(title: "Not found", body: "<h1>Not found</h1><p><a href=\"/\">All pages</a></p>", status: .notFound)
        }
        let version = page.versionNumber.map { "version \($0)" } ?? "no body write yet"
        let body = """
            <nav><a href="/">All pages</a>\(page.parentPageID.map { " · <a href=\"/pages/\($0)\">Parent</a>" } ?? "")</nav>
            <h1 class="page-title">\(escape(page.title))</h1>
            <p class="meta">Page \(page.id) · \(version) · updated \(page.updatedAt)</p>
            <article>
            \(HTMLWriter().write((try? StoredBodyReader.read(store.document(id).json))?.document ?? Document()))
            </article>
            """
        return html(title: page.title, body: body)
    }

    private func html(title: String, body: String, status: HTTPResponse.Status = .ok) -> Response {
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
            nav, .meta { color: #666; font-size: .9rem; }
            pre { background: #f4f4f6; padding: .75rem; overflow: auto; }
            pre[codeblock-language]::before { content: attr(codeblock-language); display: block; color: #888; font-size: .75rem; }
            blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }
            banner { display: block; padding: .5rem 1rem; margin: 1rem 0; border-radius: 6px; border-left: 4px solid; }
            banner[type=info] { background: #eef5ff; border-color: #3b82f6; }
            banner[type=success] { background: #eefbf0; border-color: #22a04b; }
            banner[type=warning] { background: #fff8e6; border-color: #e6a100; }
            banner[type=critical] { background: #fdeeee; border-color: #d33; }
            div[data-columns] { display: grid; gap: 1rem; }
            ul[type=checklist] { list-style: none; padding-left: 1rem; }
            li[type=checklist_item]::before { content: "☐ "; }
            li[type=checklist_item][checked=true]::before { content: "☑ "; }
            li[type=checklist_item] > p { display: inline; }
            table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .5rem; }
            span[mention-type] { background: #eef; border-radius: 4px; padding: 0 .25rem; }
            span[var]::before { content: "{" attr(var) "}"; color: #a0a; }
            </style></head>
            <body>
            \(body)
            </body></html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
