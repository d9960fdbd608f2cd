import Foundation
import ProductiveFormat
import SourceReading

/// The last step of `Workspace.scan`: the published files and the folders that hold them as pages,
/// parents before children, siblings by `SiblingRank` (nav, order, prefix, name).
struct PageTree {
    /// The pages in that order.
    let pages: [SourcePage]
    /// Keys of published files by their relative path (a folder's index file maps to the folder).
    let keysByPath: [String: String]

    private struct Node {
        var key: String
        var parent: String?
        var title: String
        var rank: SiblingRank
        var file: String?
    }

    init(entries: [String: ScannedFile], directory: URL, config: DocsConfig) throws {
        let folders = Self.folders(holding: entries.keys)
        let nav = try NavOrder(config.nav, files: entries.keys, folders: folders)
        var keysByPath: [String: String] = [:]
        var nodes: [String: Node] = [:]
        keysByPath.reserveCapacity(entries.count)
        nodes.reserveCapacity(entries.count + folders.count)
        for folder in folders {
            let index = Workspace.indexNames.map { (folder == "." ? "" : folder) + $0 }.first { entries[$0] != nil }
            let name = folder == "." ? directory.lastPathComponent : String(folder.dropLast().split(separator: "/").last ?? "")
            var title = String(NumericPrefix.stripped(Substring(name)))
            var order: Double?
            if let index, let entry = entries[index] {
                keysByPath[index] = folder
                order = entry.frontMatter.order
                if entry.title != Converter.fileTitle(index) { title = entry.title }
            }
            let parent: String? = folder == "." ? nil : Self.folderKey(of: String(folder.dropLast()))
            let rank = SiblingRank(name: name, nav: nav.place(of: folder, indexFile: index), order: order)
            nodes[folder] = Node(key: folder, parent: parent, title: title, rank: rank, file: index)
        }
        for (path, entry) in entries where keysByPath[path] == nil {
            keysByPath[path] = path
            let rank = SiblingRank(name: lastComponent(of: path), nav: nav.place(of: path, indexFile: nil), order: entry.frontMatter.order)
            nodes[path] = Node(key: path, parent: Self.folderKey(of: path), title: entry.title, rank: rank, file: path)
        }
        self.keysByPath = keysByPath
        pages = Self.ordered(nodes, entries: entries)
    }

    /// Folders that hold a published file, with their ancestors (`.` and `guide/`).
    private static func folders(holding paths: some Collection<String>) -> Set<String> {
        var folders: Set<String> = ["."]
        for path in paths {
            var folder = parentFolder(of: path)
            while !folder.isEmpty {
                folders.insert(folder + "/")
                folder = parentFolder(of: folder)
            }
        }
        return folders
    }

    /// The key of the folder holding `path`.
    private static func folderKey(of path: String) -> String {
        let folder = parentFolder(of: path)
        return folder.isEmpty ? "." : folder + "/"
    }

    /// Parents before children (breadth first from `.`); siblings by rank.
    private static func ordered(_ nodes: [String: Node], entries: [String: ScannedFile]) -> [SourcePage] {
        var children: [String: [Node]] = [:]
        for node in nodes.values { if let parent = node.parent { children[parent, default: []].append(node) } }
        for key in children.keys {
            children[key]?.sort { $0.rank < $1.rank }
        }
        var ordered: [SourcePage] = []
        // Room for all at once: growing moved every page (each holding its file's model) again and again.
        ordered.reserveCapacity(nodes.count)
        var queue = ["."]
        var next = 0
        // Breadth first by index: `removeFirst` moved the whole queue for each of thousands of pages.
        while next < queue.count {
            let key = queue[next]
            next += 1
            guard let node = nodes[key] else { continue }
            let kids = children[key] ?? []
            let entry = node.file.flatMap { entries[$0] }
            ordered.append(SourcePage(
                key: key, title: node.title, parentKey: node.parent, file: node.file,
                bytes: entry?.bytes ?? [], mapped: entry?.mapped, childTitles: kids.map(\.title),
                pageID: entry?.frontMatter.pageID, anchors: entry?.mapped.anchors ?? [], findings: entry?.findings ?? []
            ))
            queue += kids.map(\.key)
        }
        return ordered
    }
}
