import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveWire
import SourceReading

/// Checks a body write against its own answer, at no extra request: the write endpoints answer
/// with the page, body included, so the model read back from that body (`StoredBodyReader`) is
/// compared with the model the payload was rendered from, both in canonical form
/// (`Document.canonicalForm()`: what differs only in representation is equal there).
///
/// A replace (and a create) landed when the two are equal; an append landed when the page ends
/// with the note. An answer without a body (or one the reader cannot parse) is `notVerified`,
/// never a failure: only a body that says something else is.
public enum WriteVerification: Sendable, Equatable {
    /// The page holds what was sent.
    case verified
    /// The answer carried no readable body: nothing could be checked (the reason says why).
    case notVerified(String)
    /// The page holds something else than what was sent.
    case differs(LandingDifference)
    /// The page holds a form of what was sent that loses no word, and Productive stored that same
    /// form again when it was sent again: a normalisation it insists on, accepted with a warning.
    case accepted(LandingDifference)

    /// Checks a replace or a create: the page must hold exactly `sent`. An image or link whose URL
    /// is one of `attachmentURLs` with another query string (or none) is the attachment that was
    /// sent: the server may sign its file URLs anew.
    public static func replace(sent: Document, answer body: String?, attachmentURLs: [String] = []) -> WriteVerification {
        compare(sent: sent, answer: body, append: false, attachmentURLs: attachmentURLs)
    }

    /// Checks an append: the page must end with `sent`.
    public static func append(sent: Document, answer body: String?) -> WriteVerification {
        compare(sent: sent, answer: body, append: true)
    }

    /// The one landing judgment as a `LandingCheck`, for a page read back after a lost answer: it
    /// holds the write when it holds `sent` (an append: ends with it), or a form of it that loses no
    /// word or block and adds none (the executor then judges the write's page as for any answer); nil when
    /// the body cannot be read (the client then compares words).
    public static func check(sent: Document, append: Bool = false, attachmentURLs: [String] = []) -> LandingCheck {
        { page in
            switch compare(sent: sent, answer: page.body, append: append, attachmentURLs: attachmentURLs) {
            case .verified, .accepted: return true
            case .differs(let difference): return !difference.isLoss
            case .notVerified: return nil
            }
        }
    }

    /// The difference, when the page does not hold what was sent (accepted or not).
    public var difference: LandingDifference? {
        switch self {
        case .differs(let difference), .accepted(let difference): return difference
        case .verified, .notVerified: return nil
        }
    }

    /// `document` with each image source and link that is one of `urls` but for its query string
    /// written as in `urls`.
    static func attachments(in document: Document, asSent urls: [String]) -> Document {
        guard !urls.isEmpty else { return document }
        let sent = Dictionary(urls.filter { !$0.isEmpty }.map { (AttachmentURL.withoutQuery($0), $0) }) { first, _ in first }
        return document.rewritingLinks(
            { link in sent[AttachmentURL.withoutQuery(link)].map(LinkRewrite.url) ?? .keep },
            images: { source in sent[AttachmentURL.withoutQuery(source)].map(ImageRewrite.source) ?? .keep }
        )
    }

    /// The model a payload says, to compare with what lands. It is the model the payload was
    /// rendered from, except for a Markdown payload of a model with HTML-only elements: the Markdown
    /// writer degrades those (PD016), so the payload says less than the model, and what it says is
    /// the payload read back (as Productive reads it, title heading kept). `htmlOnlyFeatures`: the
    /// model's, when the check found them already (`CheckedDocument.htmlOnlyFeatures`).
    public static func sentModel(of document: Document, format: OutputFormat, payload: Payload, htmlOnlyFeatures: Set<HTMLOnlyFeature>? = nil) -> Document {
        guard format == .markdown, !(htmlOnlyFeatures ?? document.htmlOnlyFeatures).isEmpty else { return document }
        return Converter.check(text: payload.text, name: "payload.md", options: ConversionOptions(titleHeading: .keep)).document ?? Document()
    }

    private static func compare(sent: Document, answer body: String?, append: Bool, attachmentURLs: [String] = []) -> WriteVerification {
        guard let body else { return .notVerified("the answer carried no body") }
        let landed: Document
        do {
            landed = attachments(in: try StoredBodyReader.read(body).document, asSent: attachmentURLs).canonicalForm()
        } catch {
            return .notVerified("the answer's body could not be read (\(error))")
        }
        let expected = sent.canonicalForm().blocks
        // The page's block that stands for sent block `i` is `start + i`: an append is aligned with
        // the end of the page (what comes before the note is not compared).
        let start = append ? landed.blocks.count - expected.count : 0
        let count = append ? expected.count : max(expected.count, landed.blocks.count)
        func block(_ blocks: [Block], _ index: Int) -> Block? { blocks.indices.contains(index) ? blocks[index] : nil }
        guard let index = (0..<count).first(where: { block(expected, $0) != block(landed.blocks, start + $0) }) else { return .verified }
        let held = Array(landed.blocks[max(0, start)...])
        return .differs(LandingDifference(
            blockIndex: index, ofNote: append,
            sent: block(expected, index), landed: block(landed.blocks, start + index),
            lostWords: LandingDifference.lostWords(sent: Document(blocks: expected), landed: Document(blocks: held)),
            // An append is compared with the end of the page only: what came before it is no news.
            addedWords: append ? [] : LandingDifference.lostWords(sent: Document(blocks: held), landed: Document(blocks: expected)),
            blockGone: held.count < expected.count,
            landedHash: LandingDifference.hash(of: landed)
        ))
    }
}
