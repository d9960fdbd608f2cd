import Foundation

/// What one link target becomes in `Document.rewritingLinks(_:)`.
public enum LinkRewrite: Sendable, Equatable {
    /// The link stays as it is.
    case keep
    /// The link points at this URL instead.
    case url(String)
    /// The link is removed; its text stays.
    case unlink
    /// The link becomes a mention of page `id` whose label is the link's text (HTML only).
    case pageMention(id: String)
    /// When the link's text starts with `@` (`[@Ana Lopez](mailto:ana@example.com)`), the link
    /// becomes a mention of user `id` labelled with the text after the `@` (HTML only); any other
    /// link to the same target stays as it is.
    case userMention(id: String)
}

/// What one image source becomes in `Document.rewritingLinks(_:images:)`.
public enum ImageRewrite: Sendable, Equatable {
    /// The image stays as it is.
    case keep
    /// The image shows this source instead (alt text, title and width kept).
    case source(String)
    /// The image becomes its alt text (its source as written when it has none).
    case altText
}

extension Document {
    /// The document with its links rewritten: a `Document → Document` pass run once the targets are
    /// known (publishing rewrites links to other files of the folder into page links after the pages
    /// have ids). `rewrite` is asked once per distinct link target.
    ///
    /// Runs carrying the same link next to each other are one link: a `pageMention` replaces them all
    /// with one mention (a hard break inside the link text becomes a space of the label).
    ///
    /// `images`, when given, is asked once per distinct image source: publishing points the images
    /// of local files at the attachments they were uploaded as.
    public func rewritingLinks(_ rewrite: (String) -> LinkRewrite, images: ((String) -> ImageRewrite)? = nil) -> Document {
        withoutActuallyEscaping(rewrite) { rewrite in
            guard let images else {
                var rewriter = LinkRewriter(rewrite: rewrite, rewriteImage: nil)
                return Document(blocks: rewriter.rewrite(blocks))
            }
            return withoutActuallyEscaping(images) { images in
                var rewriter = LinkRewriter(rewrite: rewrite, rewriteImage: images)
                return Document(blocks: rewriter.rewrite(blocks))
            }
        }
    }
}

/// What the mention walker shares with the link rewriter: where a link ends, and its mention label.
enum LinkRewriterSupport {
    static func endOfLink(_ target: String, in inlines: [Inline], from start: Int) -> Int {
        LinkRewriter.endOfLink(target, in: inlines, from: start)
    }

    static func mentionLabel(_ inlines: ArraySlice<Inline>) -> String? {
        LinkRewriter.mentionLabel(LinkRewriter.label(inlines))
    }
}

/// The state of one `rewritingLinks` pass: the answers so far, by target. A `BlockRewriter` that
/// rewrites the inline content of every block and keeps the rest.
private struct LinkRewriter: BlockRewriter {
    let rewrite: (String) -> LinkRewrite
    let rewriteImage: ((String) -> ImageRewrite)?
    var answers: [String: LinkRewrite] = [:]
    var imageAnswers: [String: ImageRewrite] = [:]

    init(rewrite: @escaping (String) -> LinkRewrite, rewriteImage: ((String) -> ImageRewrite)?) {
        self.rewrite = rewrite
        self.rewriteImage = rewriteImage
    }

    mutating func answer(_ target: String) -> LinkRewrite {
        if let known = answers[target] { return known }
        let answer = rewrite(target)
        answers[target] = answer
        return answer
    }

    mutating func imageAnswer(_ source: String) -> ImageRewrite {
        guard let rewriteImage else { return .keep }
        if let known = imageAnswers[source] { return known }
        let answer = rewriteImage(source)
        imageAnswers[source] = answer
        return answer
    }

    /// `inline` with its image source rewritten (any other inline as it is).
    mutating func imageRewritten(_ inline: Inline) -> Inline {
        guard rewriteImage != nil, case .image(var image, let marks) = inline else { return inline }
        switch imageAnswer(image.source) {
        case .keep: return inline
        case .source(let source):
            image.source = source
            return .image(image, marks)
        case .altText:
            return .text(image.alt.isEmpty ? image.source : image.alt, marks)
        }
    }

    mutating func rewriteInlines(_ inlines: [Inline]) -> [Inline] {
        let hasImages = rewriteImage != nil && inlines.contains { if case .image = $0 { true } else { false } }
        guard hasImages || inlines.contains(where: { Self.link(of: $0) != nil }) else { return inlines }
        var out: [Inline] = []
        out.reserveCapacity(inlines.count)
        var index = 0
        while index < inlines.count {
            let inline = imageRewritten(inlines[index])
            guard let target = Self.link(of: inline) else {
                out.append(inline)
                index += 1
                continue
            }
            switch answer(target) {
            case .keep:
                out.append(inline)
            case .url(let url):
                out.append(Self.relinked(inline, to: url))
            case .unlink:
                out.append(Self.relinked(inline, to: nil))
            case .pageMention(let id):
                let end = Self.endOfLink(target, in: inlines, from: index)
                out.append(.mention(Mention(kind: .page, id: id, label: Self.label(inlines[index..<end]))))
                index = end
                continue
            case .userMention(let id):
                let end = Self.endOfLink(target, in: inlines, from: index)
                guard let label = Self.mentionLabel(Self.label(inlines[index..<end])) else {
                    out.append(contentsOf: inlines[index..<end])
                    index = end
                    continue
                }
                out.append(.mention(Mention(kind: .user, id: id, label: label)))
                index = end
                continue
            }
            index += 1
        }
        return out
    }

    /// The link target a text run or image carries.
    static func link(of inline: Inline) -> String? {
        switch inline {
        case .text(_, let marks), .image(_, let marks): marks.link
        case .hardBreak, .mention, .variable: nil
        }
    }

    static func relinked(_ inline: Inline, to url: String?) -> Inline {
        switch inline {
        case .text(let text, var marks):
            marks.link = url
            return .text(text, marks)
        case .image(let image, var marks):
            marks.link = url
            return .image(image, marks)
        case .hardBreak, .mention, .variable:
            return inline
        }
    }

    /// The end of the link that starts at `start`: runs with the same target, and hard breaks between them.
    static func endOfLink(_ target: String, in inlines: [Inline], from start: Int) -> Int {
        var end = start + 1
        var probe = end
        while probe < inlines.count {
            if inlines[probe] == .hardBreak {
                probe += 1
                continue
            }
            guard link(of: inlines[probe]) == target else { break }
            probe += 1
            end = probe
        }
        return end
    }

    /// The label of a user mention written as `[@Name](mailto:..)`: the text after the `@`; nil when
    /// the text does not start with `@` or holds nothing after it.
    static func mentionLabel(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("@") else { return nil }
        let label = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
        return label.isEmpty ? nil : label
    }

    /// A mention's label: the link's text on one line (images inside the link are not text).
    static func label(_ inlines: ArraySlice<Inline>) -> String {
        var label = ""
        for inline in inlines {
            switch inline {
            case .text(let text, _): label += text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
            case .hardBreak: label += " "
            case .image, .mention, .variable: break
            }
        }
        return label
    }
}
