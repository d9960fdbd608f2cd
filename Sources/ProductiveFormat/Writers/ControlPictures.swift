/// How control characters are written where Markdown and HTML have no escape for them: in code
/// spans and code blocks, whose text is taken literally. Each becomes a visible character, so no
/// file `pull` writes and no payload ever holds one raw, and a terminal showing them cannot be
/// driven by them:
///
/// - a C0 control other than tab, line feed and carriage return (ESC, BEL...) becomes its symbol
///   from the Control Pictures block (U+241B `␛`, U+2407 `␇`: U+2400 + its value);
/// - DEL becomes U+2421 `␡`;
/// - a C1 control (U+0080–U+009F, which has no symbol) becomes U+FFFD `�`.
///
/// The mapping is idempotent (a picture stays a picture), so a code block that held one is sent
/// as its pictures, reads back as them, and publishing what `pull` wrote sends the same again.
/// In text outside code the writers use numeric character references instead, which read back as
/// the same character (`MarkdownEscaping`).
enum ControlPictures {
    /// The visible stand-in for `scalar`, or nil when it is written as it is.
    static func picture(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: nil
        case 0x00...0x1F: Unicode.Scalar(0x2400 + scalar.value)
        case 0x7F: "\u{2421}"
        case 0x80...0x9F: "\u{FFFD}"
        default: nil
        }
    }

    /// True when the UTF-8 `bytes` hold a character `picture(for:)` replaces (C1 controls are
    /// `C2 80`–`C2 9F`).
    static func needed(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return true }
            if byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) { return true }
            previous = byte
        }
        return false
    }

    /// `text` with every control character `picture(for:)` names replaced.
    static func replacing(_ text: String) -> String {
        guard withBytes(of: text, needed) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(picture(for: scalar) ?? scalar) }
        return String(out)
    }
}
