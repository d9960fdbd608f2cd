import Foundation
import ProductiveFormat
import SourceReading
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
        /// The model of each body, so appends extend it.
        var documents: [Int: Document] = [:]
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
        if let dataFile, FileManager.default.fileExists(atPath: dataFile) {
            do {
                data = try JSONDecoder().decode(SandboxData.self, from: Data(contentsOf: URL(fileURLWithPath: dataFile)))
            } catch {
                throw SandboxStartError("\(dataFile): not a sandbox data file (\(error))")
            }
        }
        var documents: [Int: Document] = [:]
        for page in data.pages {
            documents[page.id] = Converter.check(html: page.bodyHTML).document
        }
        state = Mutex(State(data: data, documents: documents))
    }

    // MARK: Reading

    func page(_ id: Int, organization: String) throws(SandboxError) -> (StoredPage, Document) {
        try state.withLock { state throws(SandboxError) in
            guard let page = state.data.pages.first(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            return (page, state.documents[id] ?? Document())
        }
    }

    func pages(organization: String) -> [StoredPage] {
        state.withLock { $0.data.pages.filter { $0.organizationID == organization } }
    }

    func allPages() -> [StoredPage] {
        state.withLock { $0.data.pages }
    }

    func document(_ id: Int) -> Document {
        state.withLock { $0.documents[id] ?? Document() }
    }

    // MARK: Writing

    /// The model of a payload; in strict mode, 422 for anything outside the element set.
    func convert(markdown: String) throws(SandboxError) -> Document {
        let checked = Converter.check(text: markdown, name: "payload.md", options: ConversionOptions(titleHeading: .keep))
        if checked.document == nil, let refusal = checked.findings.first(where: { $0.severity == .error }) {
            throw SandboxError.invalid("markdown refused at line \(refusal.position.line): \(refusal.message) [\(refusal.ruleID)]", pointer: "/markdown")
        }
        try refuseOutsideElementSet(checked.findings, kind: "markdown")
        return checked.document ?? Document()
    }

    func convert(html: String) throws(SandboxError) -> Document {
        let checked = Converter.check(html: html)
        try refuseOutsideElementSet(checked.findings, kind: "html")
        return checked.document
    }

    private func refuseOutsideElementSet(_ findings: [Finding], kind: String) throws(SandboxError) {
        guard strict else { return }
        let inSet: Set<String> = ["PD002", "PD004", "PD013"]
        if let outside = findings.first(where: { !inSet.contains($0.ruleID) }) {
            throw SandboxError.invalid(
                "\(kind) holds something outside the element set at \(outside.position.line):\(outside.position.column): \(outside.message) [\(outside.ruleID)]",
                pointer: "/\(kind)"
            )
        }
    }

    func create(organization: String, title: String, document: Document, projectID: Int?, parentID: Int?, rootID: Int?, person: Int? = nil) throws(SandboxError) -> StoredPage {
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
                rootPageID: root, versionNumber: nil, bodyHTML: HTMLWriter().write(document), createdAt: now, updatedAt: now,
                editedAt: nil, publicUUID: UUID().uuidString.lowercased(), creatorID: person, updaterID: person
            )
            state.data.nextID += 1
            state.data.pages.append(page)
            state.documents[page.id] = document
            return page
        }
    }

    func writeBody(_ id: Int, organization: String, document: Document, append: Bool, person: Int? = nil) throws(SandboxError) -> StoredPage {
        try change { state throws(SandboxError) in
            guard let index = state.data.pages.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError.notFound(id)
            }
            var body = append ? (state.documents[id] ?? Document()) : Document()
            body.blocks += document.blocks
            state.documents[id] = body
            let now = timestamp()
            state.data.pages[index].bodyHTML = HTMLWriter().write(body)
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
            state.data.pages[index].parentPageID = target
            state.data.pages[index].updatedAt = timestamp()
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
                bodySnapshot: ProseMirrorEncoding.json(state.documents[id] ?? Document()), createdAt: timestamp(), personID: personID
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
        if let dataFile, let snapshot {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            if let data = try? encoder.encode(snapshot) {
                try? data.write(to: URL(fileURLWithPath: dataFile), options: .atomic)
            }
        }
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
