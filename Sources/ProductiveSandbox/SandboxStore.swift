import Foundation
import CMarkGFMShared
import Synchronization

/// An error answer of the sandbox: status, title and detail, as in a JSON:API error object.
struct SandboxError: Error, Sendable {
    var status: Int
    var title: String
    var detail: String
    var pointer: String?

    static func notFound(_ id: Int) -> SandboxError {
        SandboxError(status: 404, title: "Not found", detail: "page \(id) does not exist")
    }

    static func tooLarge(_ limit: Int) -> SandboxError {
        SandboxError(status: 413, title: "Payload too large", detail: "request bodies are limited to \(limit >> 10) KB")
    }

    static func invalid(_ detail: String, pointer: String? = nil) -> SandboxError {
        SandboxError(status: 422, title: "Unprocessable entity", detail: detail, pointer: pointer)
    }
}

/// The pages of the sandbox, guarded by one lock; saved to the data file after every change.
final class SandboxStore: Sendable {
    private struct State {
        var data: SandboxData
        /// The stored body of each page, as the editor's schema holds it (appends extend it).
        var documents: [Int: EditorDocument] = [:]
    }

    private let state: Mutex<State>
    private let dataFile: String?
    private let strict: Bool
    /// Added to the time of every `created_at` and `updated_at` (see `SandboxConfiguration.timestampSkew`).
    private let timestampSkew: TimeInterval

    init(dataFile: String?, strict: Bool, timestampSkew: Duration = .zero) throws {
        self.dataFile = dataFile
        self.strict = strict
        self.timestampSkew = Double(timestampSkew.components.seconds) + Double(timestampSkew.components.attoseconds) / 1e18
        var data = SandboxData()
        if let dataFile {
            data = try JSONDataFile.load(SandboxData.self, from: dataFile, what: "a sandbox data file") ?? data
        }
        var documents: [Int: EditorDocument] = [:]
        for page in data.pages {
            // Data files written before bodies were kept as the editor's JSON hold HTML: read as a payload.
            documents[page.id] = page.body.flatMap(EditorDocument.init(json:)) ?? EditorDocument(blocks: EditorSchemaParser.parse(html: page.bodyHTML ?? "").blocks)
        }
        state = Mutex(State(data: data, documents: documents))
    }

    // MARK: Reading

    func page(_ id: Int, organization: String) throws(SandboxError) -> (StoredPage, EditorDocument) {
        try state.withLock { state throws(SandboxError) in
            guard let page = state.data.pages.first(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            return (page, state.documents[id] ?? EditorDocument())
        }
    }

    func pages(organization: String) -> [StoredPage] {
        state.withLock { $0.data.pages.filter { $0.organizationID == organization } }
    }

    /// The organization's pages with these ids: only they are copied out (a list by ids of 200
    /// pages among thousands copies 200).
    func pages(organization: String, ids: Set<Int>) -> [StoredPage] {
        state.withLock { $0.data.pages.filter { ids.contains($0.id) && $0.organizationID == organization } }
    }

    func allPages() -> [StoredPage] {
        state.withLock { $0.data.pages }
    }

    func document(_ id: Int) -> EditorDocument {
        state.withLock { $0.documents[id] ?? EditorDocument() }
    }

    // MARK: Writing

    /// A Markdown payload as the editor stores it (`MarkdownRendering`, then `EditorSchemaParser`):
    /// 422 for a shape that would make cmark-gfm super-linear (PD018, before it is parsed), and in
    /// strict mode for anything outside the element set.
    func convert(markdown: String) throws(SandboxError) -> EditorDocument {
        if let refusal = PathologicalInput.reason(in: Array(markdown.utf8)[...]) {
            throw SandboxError.invalid("markdown refused at line \(refusal.line): \(refusal.message) [PD018]", pointer: "/markdown")
        }
        let html: String
        do {
            html = try MarkdownRendering.html(markdown, strict: strict)
        } catch {
            throw SandboxError.invalid("markdown holds something outside the element set at \(error.line):\(error.column): \(error.what)", pointer: "/markdown")
        }
        return EditorDocument(blocks: EditorSchemaParser.parse(html: html).blocks)
    }

    /// An HTML payload as the editor stores it; in strict mode, 422 for an element outside the set.
    func convert(html: String) throws(SandboxError) -> EditorDocument {
        let parsed = EditorSchemaParser.parse(html: html)
        if strict, let outside = parsed.outside {
            throw SandboxError.invalid("html holds something outside the element set: \(outside)", pointer: "/html")
        }
        return EditorDocument(blocks: parsed.blocks)
    }

    func create(
        organization: String, title: String, document: EditorDocument, projectID: Int?, parentID: Int?, rootID: Int?, person: Int? = nil, position: Int? = nil
    ) throws(SandboxError) -> StoredPage {
        try change { state throws(SandboxError) in
            var project = projectID
            var root: Int?
            if let parentID {
                guard let parent = state.data.pages.first(where: { $0.id == parentID && $0.organizationID == organization }) else {
                    throw SandboxError.invalid("parent page \(parentID) does not exist", pointer: "/data/attributes/parent_page_id")
                }
                let expectedRoot = parent.rootPageID ?? parent.id
                if let rootID, rootID != expectedRoot {
                    throw SandboxError.invalid("root_page_id \(rootID) is not the doc of parent \(parentID) (\(expectedRoot))", pointer: "/data/attributes/root_page_id")
                }
                root = expectedRoot
                project = parent.projectID
            } else if rootID != nil {
                throw SandboxError.invalid("root_page_id needs parent_page_id", pointer: "/data/attributes/parent_page_id")
            }
            guard let project else {
                throw SandboxError.invalid("a doc needs project_id, a subpage parent_page_id and root_page_id", pointer: "/data/attributes/project_id")
            }
            let now = timestamp()
            let page = StoredPage(
                id: state.data.nextID, organizationID: organization, projectID: project, title: title, parentPageID: parentID,
                rootPageID: root, versionNumber: nil, body: document.json, createdAt: now, updatedAt: now,
                editedAt: nil, publicUUID: UUID().uuidString.lowercased(), creatorID: person, updaterID: person
            )
            state.data.nextID += 1
            state.data.pages.append(page)
            SiblingPositions.place(page.id, at: position, in: &state.data.pages)
            state.documents[page.id] = document
            return state.data.pages.last ?? page
        }
    }

    func writeBody(_ id: Int, organization: String, document: EditorDocument, append: Bool, person: Int? = nil) throws(SandboxError) -> StoredPage {
        try change { state throws(SandboxError) in
            guard let index = state.data.pages.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            var body = append ? (state.documents[id] ?? EditorDocument()) : EditorDocument()
            body.blocks += document.blocks
            state.documents[id] = body
            let now = timestamp()
            state.data.pages[index].body = body.json
            state.data.pages[index].bodyHTML = nil
            state.data.pages[index].versionNumber = (state.data.pages[index].versionNumber ?? 0) + 1
            state.data.pages[index].updatedAt = now
            state.data.pages[index].editedAt = now
            if let person { state.data.pages[index].updaterID = person }
            return state.data.pages[index]
        }
    }

    /// A body write acknowledged without being done (the `noop-write` fault): the version moves,
    /// the body stays as it was.
    func acknowledgeWithoutWriting(_ id: Int, organization: String) throws(SandboxError) -> StoredPage {
        try change { state throws(SandboxError) in
            guard let index = state.data.pages.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            let now = timestamp()
            state.data.pages[index].versionNumber = (state.data.pages[index].versionNumber ?? 0) + 1
            state.data.pages[index].updatedAt = now
            state.data.pages[index].editedAt = now
            return state.data.pages[index]
        }
    }

    /// Renames a page: `updated_at` and the updater change, the version does not (it counts body writes).
    func rename(_ id: Int, organization: String, title: String, person: Int? = nil) throws(SandboxError) -> StoredPage {
        try change { state throws(SandboxError) in
            guard let index = state.data.pages.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            state.data.pages[index].title = title
            state.data.pages[index].updatedAt = timestamp()
            if let person { state.data.pages[index].updaterID = person }
            return state.data.pages[index]
        }
    }

    /// Deletes a page and every page under it.
    func delete(_ id: Int, organization: String) throws(SandboxError) {
        try change { state throws(SandboxError) in
            guard state.data.pages.contains(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            let doomed = Self.subtree(of: id, in: state.data.pages)
            SiblingPositions.leave(id, in: &state.data.pages)
            state.data.pages.removeAll { doomed.contains($0.id) }
            state.data.versions.removeAll { doomed.contains($0.pageID) }
            for id in doomed { state.documents[id] = nil }
        }
    }

    /// Moves a page (and its subtree) to be the last child of `target`.
    func move(_ id: Int, organization: String, target: Int) throws(SandboxError) -> StoredPage {
        try change { state throws(SandboxError) in
            guard let index = state.data.pages.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            guard let targetPage = state.data.pages.first(where: { $0.id == target && $0.organizationID == organization }) else {
                throw SandboxError.invalid("target doc \(target) does not exist", pointer: "/data/attributes/target_doc_id")
            }
            var ancestor: Int? = target
            while let current = ancestor {
                if current == id { throw SandboxError.invalid("a page cannot move under itself", pointer: "/data/attributes/target_doc_id") }
                ancestor = state.data.pages.first { $0.id == current }?.parentPageID
            }
            let newRoot = targetPage.rootPageID ?? targetPage.id
            let subtree = Self.subtree(of: id, in: state.data.pages)
            for other in state.data.pages.indices where subtree.contains(state.data.pages[other].id) {
                state.data.pages[other].rootPageID = newRoot
                state.data.pages[other].projectID = targetPage.projectID
            }
            SiblingPositions.leave(id, in: &state.data.pages)
            state.data.pages[index].parentPageID = target
            state.data.pages[index].updatedAt = timestamp()
            SiblingPositions.place(id, at: nil, in: &state.data.pages)
            return state.data.pages[index]
        }
    }

    // MARK: Versions

    /// Makes a version of page `id` as it is now (a restore point when named); the page is unchanged.
    func createVersion(of id: Int, organization: String, name: String?, personID: Int) throws(SandboxError) -> StoredPageVersion {
        try change { state throws(SandboxError) in
            guard let page = state.data.pages.first(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.invalid("page \(id) does not exist", pointer: "/data/attributes/page_id")
            }
            let version = StoredPageVersion(
                id: state.data.nextVersionID, pageID: id, organizationID: organization, name: name, titleSnapshot: page.title,
                bodySnapshot: (state.documents[id] ?? EditorDocument()).json, createdAt: timestamp(), personID: personID
            )
            state.data.nextVersionID += 1
            state.data.versions.append(version)
            return version
        }
    }

    /// The versions of an organization's pages, oldest first.
    func versions(organization: String) -> [StoredPageVersion] {
        state.withLock { $0.data.versions.filter { $0.organizationID == organization } }
    }

    // MARK: Helpers

    /// Runs a change under the lock, then saves.
    private func change<T>(_ body: (inout State) throws(SandboxError) -> T) throws(SandboxError) -> T {
        let (result, snapshot) = try state.withLock { state throws(SandboxError) in
            let result = try body(&state)
            return (result, dataFile == nil ? nil : state.data)
        }
        if let dataFile, let snapshot { JSONDataFile.save(snapshot, to: dataFile) }
        return result
    }

    /// The page and every page under it.
    private static func subtree(of id: Int, in pages: [StoredPage]) -> Set<Int> {
        var children: [Int: [Int]] = [:]
        for page in pages {
            if let parent = page.parentPageID { children[parent, default: []].append(page.id) }
        }
        var result: Set<Int> = [id]
        var pending = [id]
        while let next = pending.popLast() {
            for child in children[next] ?? [] where result.insert(child).inserted {
                pending.append(child)
            }
        }
        return result
    }

    func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(timestampSkew))
    }
}

/// The sandbox could not start (port taken, bad data file).
public struct SandboxStartError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
