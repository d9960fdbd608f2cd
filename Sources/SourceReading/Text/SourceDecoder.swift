#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProductiveFormat

/// Turns file bytes into text the parser can take, reporting what was not text.
public enum SourceDecoder {
    /// The bytes as valid UTF-8 without a byte order mark, or nil for a binary file; findings for
    /// anything replaced. Valid input is validated in place and returned as a slice of `bytes` (no
    /// copy: the pipeline keeps one copy of a document); a NUL or invalid UTF-8 is replaced with U+FFFD.
    public static func decode(_ bytes: [UInt8], into findings: inout FindingCollector) -> ArraySlice<UInt8>? {
        var bytes = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if isBinary(bytes) {
            findings.report(
                RuleCatalog.invalidText, at: .start,
                "this looks like a binary file (control bytes in its first 8 KB), not Markdown: nothing converted",
                severity: .error
            )
            return nil
        }
        let hasNUL = bytes.withUnsafeBufferPointer { $0.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }
        if !hasNUL, (try? UTF8Span(validating: bytes.span)) != nil {
            return bytes
        }
        // Slow path, invalid input only: find where each problem is, then replace it with U+FFFD.
        var text = ""
        text.reserveCapacity(bytes.count)
        var line = 1
        var column = 1
        var reported = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" {
                    report(&reported, &findings, line, column, "NUL byte replaced with U+FFFD")
                    text.unicodeScalars.append("\u{FFFD}")
                } else {
                    text.unicodeScalars.append(scalar)
                }
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                report(&reported, &findings, line, column, "invalid UTF-8 replaced with U+FFFD")
                text.unicodeScalars.append("\u{FFFD}")
                column += 1
            case .emptyInput:
                break loop
            }
        }
        return Array(text.utf8)[...]
    }

    /// Findings per file are capped so a garbage file gives a readable report.
    private static let maximumReports = 20

    private static func report(
        _ reported: inout Int, _ findings: inout FindingCollector, _ line: Int, _ column: Int, _ message: String
    ) {
        reported += 1
        if reported < maximumReports {
            findings.report(RuleCatalog.invalidText, at: SourcePosition(line: line, column: column), message)
        } else if reported == maximumReports {
            findings.report(
                RuleCatalog.invalidText, at: SourcePosition(line: line, column: column),
                "\(message); further invalid bytes are replaced without a finding"
            )
        }
    }

    /// Like git: a NUL in the first 8 KB, together with other control bytes (over 5 % of them:
    /// random data has about 10 %, text with a stray NUL next to none), means binary.
    static func isBinary(_ bytes: ArraySlice<UInt8>) -> Bool {
        let sample = bytes.prefix(8192)
        guard sample.contains(0) else { return false }
        let control = sample.reduce(0) { count, byte in
            count + ((byte < 0x09 || (byte > 0x0D && byte < 0x20)) ? 1 : 0)
        }
        return control * 20 > sample.count
    }
}
