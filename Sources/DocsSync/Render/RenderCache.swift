import Foundation
import ProductiveFormat

/// The payloads a run has rendered, by everything a payload depends on: the page, the format asked
/// for, the page's attachments and what each page its links name stands as. Rendering the same
/// inputs again (a moved file matched by content, an interrupted create proven, a page adopted)
/// returns the payload already made; different inputs (links that now have their page, attachments
/// just uploaded) are rendered anew.
final class RenderCache: @unchecked Sendable {
    /// What a linked page stands as when a payload is rendered.
    enum Target: Hashable, Sendable {
        case id(String)
        case heldBack(String)
        case coming(String)
        case pending
    }

    struct Key: Hashable, Sendable {
        var page: String
        var format: OutputFormat?
        /// The page's attachments: content hash → url.
        var attachments: [String: String]
        var targets: [String: Target]
    }

    private let lock = NSLock()
    private var payloads: [Key: RenderedPage] = [:]
    private var linkedKeys: [String: Set<String>] = [:]
    /// How many payloads were asked for, and how many of them were rendered (the others were known).
    private(set) var asked = 0
    private(set) var renders = 0

    /// The payload rendered for `key`, rendering it with `render` the first time.
    func rendered(_ key: Key, _ render: () -> RenderedPage) -> RenderedPage {
        if let known = lock.withLock({ () -> RenderedPage? in
            asked += 1
            return payloads[key]
        }) { return known }
        let rendered = render()
        lock.withLock {
            renders += 1
            payloads[key] = rendered
        }
        return rendered
    }

    /// The keys of the pages page `key` links to, found with `find` the first time.
    func linkedKeys(of key: String, _ find: () -> Set<String>) -> Set<String> {
        if let known = lock.withLock({ linkedKeys[key] }) { return known }
        let keys = find()
        lock.withLock { linkedKeys[key] = keys }
        return keys
    }
}
