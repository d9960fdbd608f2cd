import Foundation

/// User mentions as a docs folder writes them, `[@Ana Lopez](mailto:ana@example.com)`, and as a
/// page holds them (`Mention` of kind `user`).
public enum UserMentions {
    /// The `mailto:` prefix of a mention's link.
    public static let scheme = "mailto:"

    /// The address a `mailto:` link names (lowercased, without `?subject=...`); nil for any other link.
    public static func address(ofLink link: String) -> String? {
        guard link.lowercased().hasPrefix(scheme) else { return nil }
        let rest = link.dropFirst(scheme.count).prefix { $0 != "?" }
        let address = (String(rest).removingPercentEncoding ?? String(rest)).trimmingCharacters(in: .whitespaces).lowercased()
        return address.contains("@") ? address : nil
    }

    /// The link a user mention reads back as: `[@label](mailto:address)`.
    public static func link(label: String, address: String) -> Inline {
        .text("@" + label, Marks(link: scheme + address))
    }
}

extension Document {
    /// The addresses of the links written as user mentions (`[@Name](mailto:address)`), in document
    /// order, once each.
    public var userMentionAddresses: [String] {
        var walker = MentionLinkWalker()
        walker.walk(blocks)
        return walker.addresses
    }

    /// The ids of the users this document mentions, once each.
    public var mentionedUserIDs: Set<String> {
        var walker = MentionLinkWalker()
        walker.walk(blocks)
        return walker.userIDs
    }
}

/// Collects `[@..](mailto:..)` links and user mentions.
private struct MentionLinkWalker: BlockWalker {
    var addresses: [String] = []
    var userIDs: Set<String> = []

    mutating func visitInlines(_ inlines: [Inline]) {
        var index = 0
        while index < inlines.count {
            let inline = inlines[index]
            if case .mention(let mention) = inline, mention.kind == .user { userIDs.insert(mention.id) }
            guard case .text(_, let marks) = inline, let link = marks.link, let address = UserMentions.address(ofLink: link) else {
                index += 1
                continue
            }
            let end = LinkRewriterSupport.endOfLink(link, in: inlines, from: index)
            if LinkRewriterSupport.mentionLabel(inlines[index..<end]) != nil, !addresses.contains(address) { addresses.append(address) }
            index = end
        }
    }
}
