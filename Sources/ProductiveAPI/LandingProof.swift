import Foundation

/// Whether a page read back after a lost answer holds a write: true, false, or nil when the caller
/// cannot tell from that page (its body unreadable): the client then compares words
/// (`LandingProof`).
public typealias LandingCheck = @Sendable (Page) -> Bool?

/// Whether a body write is in a page, judged from the page's stored text and the payload that was
/// sent: the proof the client asks for after a lost answer ("landed" means the content is there,
/// not that the version moved).
///
/// The client cannot convert Markdown or HTML the way Productive does, so it compares words
/// (letters and digits, lowercased). A body holds a payload when every word a reader sees in the
/// payload appears in the body in order, and every word of the body appears in the payload in order
/// (markup such as link targets, attributes and list numbers may be dropped by the conversion, but
/// nothing may be added). A colleague's added or removed sentence breaks the match.
///
/// These words are the client's own judgment, for callers that know no more than the text they
/// sent. A caller that knows the model the text says passes a `LandingCheck` instead, and the client
/// asks it first: publish and append judge every write on the model (`WriteVerification` in
/// DocsSync), whether its answer came or was lost. The same words decide, in `DocsSync`, whether a
/// page found after a lost create or taken back by `publish --adopt` can be the file's
/// (`body(_:couldBe:)`): a question of identity, not of landing.
public enum LandingProof {
    /// True when the body is exactly the payload (a replace landed).
    static func body(_ bodyText: String, holds payload: String) -> Bool {
        let body = words(bodyText)
        return isSubsequence(visibleWords(payload), of: body) && isSubsequence(body, of: allWords(payload))
    }

    /// True when the body ends with the payload (an append landed, nothing added after it).
    static func body(_ bodyText: String, endsWith payload: String) -> Bool {
        let body = words(bodyText)
        let visible = visibleWords(payload)
        var index = body.count
        for word in visible.reversed() {
            repeat { index -= 1 } while index >= 0 && body[index] != word
            if index < 0 { return false }
        }
        return isSubsequence(Array(body[index...]), of: allWords(payload))
    }

    /// True when a stored body can be what `payload` made: every letter and digit of the body
    /// appears, in order, in the payload (markup, URLs and spacing are what the payload adds). An
    /// older or shorter form of the payload passes; a body with a letter the payload lacks (someone
    /// else's page of the same title) does not.
    public static func body(_ bodyText: String, couldBe payload: String) -> Bool {
        let stored = significant(bodyText)
        let sent = significant(payload)
        if stored.isEmpty { return sent.isEmpty }
        var index = sent.startIndex
        for scalar in stored {
            guard let found = sent[index...].firstIndex(of: scalar) else { return false }
            index = sent.index(after: found)
        }
        return true
    }

    private static func significant(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// True when the payload has words at all (otherwise the body cannot prove anything).
    static func hasWords(_ payload: String) -> Bool {
        !visibleWords(payload).isEmpty
    }

    // MARK: Words

    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }

    /// Every word of the payload, markup included (entities decoded).
    private static func allWords(_ payload: String) -> [String] {
        words(decodeEntities(payload))
    }

    /// The words a reader sees: without tags, link and image targets, fence info strings, list and
    /// task markers.
    private static func visibleWords(_ payload: String) -> [String] {
        var lines: [String] = []
        for var line in payload.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.drop { $0 == " " || $0 == ">" }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { line = "" }
            line = line.replacingOccurrences(of: #"^[\s>]*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?"#, with: " ", options: .regularExpression)
            lines.append(line)
        }
        var text = lines.joined(separator: "\n")
        text = text.replacingOccurrences(of: #"!\[[^\]\n]*\]\([^)\n]*\)"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\]\([^)\n]*\)"#, with: "] ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<[A-Za-z/!][^>]*>"#, with: " ", options: .regularExpression)
        return words(decodeEntities(text))
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&nbsp;", " ")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        if let regex = try? NSRegularExpression(pattern: "&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});") {
            let source = out as NSString
            var result = ""
            var last = 0
            for match in regex.matches(in: out, range: NSRange(location: 0, length: source.length)) {
                result += source.substring(with: NSRange(location: last, length: match.range.location - last))
                let code = source.substring(with: match.range(at: 1))
                let value = code.hasPrefix("x") ? UInt32(code.dropFirst(), radix: 16) : UInt32(code)
                result += value.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? " "
                last = match.range.location + match.range.length
            }
            out = result + source.substring(from: last)
        }
        return out.replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func isSubsequence(_ needle: [String], of haystack: [String]) -> Bool {
        var index = haystack.startIndex
        for word in needle {
            guard let found = haystack[index...].firstIndex(of: word) else { return false }
            index = found + 1
        }
        return true
    }
}
