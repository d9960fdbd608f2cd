import Foundation
import ProductiveFormat
import SourceReading
import Synchronization

/// The users a run mentions, by address: filled once before any page is rendered (`Publisher.resolveMentions`),
/// read by every render. Empty without `mentions: true` or with `--no-notify`: then no link changes.
final class MentionTable: Sendable {
    private let people = Mutex<[String: String]>([:])

    /// Sets the person id of each address (lowercased).
    func set(_ ids: [String: String]) {
        people.withLock { $0 = ids }
    }

    /// The person id of each address of `addresses` that resolved.
    func ids(for addresses: [String]) -> [String: String] {
        people.withLock { table in
            var found: [String: String] = [:]
            for address in addresses { if let id = table[address] { found[address] = id } }
            return found
        }
    }
}

extension PageRenderer {
    /// True when `page`'s `[@Name](mailto:..)` links become mentions: its front matter `mentions:`,
    /// else the configuration's.
    func mentionsEnabled(_ page: SourcePage) -> Bool {
        page.mapped?.frontMatter.mentions ?? config.mentions
    }

    /// The users `page` mentions that resolved, address → person id (empty when mentions are off for it).
    func mentioned(in page: SourcePage) -> [String: String] {
        guard mentionsEnabled(page), let document = page.mapped?.document else { return [:] }
        return mentions.ids(for: document.userMentionAddresses)
    }

    /// `mapped` checked with these links and attachments, its mentions made: a page with mentions goes
    /// through the HTML path, as only HTML can say a mention. A forced Markdown form (the body a page
    /// is created with, before its HTML follows) keeps the links. What `render` and `document` share.
    func checked(_ page: SourcePage, _ mapped: MappedDocument, links: LinkResolver, attachments: AttachmentResolver, format override: OutputFormat?) -> CheckedDocument {
        let mentioned = override == .markdown ? [:] : mentioned(in: page)
        var checked = Converter.check(mapped, links: links, attachments: attachments, format: mentioned.isEmpty ? override : .html)
        if !mentioned.isEmpty, let document = checked.document { checked.document = Self.withMentions(document, mentioned) }
        return checked
    }

    /// `document` with the links to `mentioned` addresses written `[@Name](mailto:..)` as user mentions.
    static func withMentions(_ document: Document, _ mentioned: [String: String]) -> Document {
        document.rewritingLinks { link in
            UserMentions.address(ofLink: link).flatMap { mentioned[$0] }.map { LinkRewrite.userMention(id: $0) } ?? .keep
        }
    }
}
