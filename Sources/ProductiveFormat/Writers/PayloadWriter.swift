/// The payload of a document in its resolved format, as bytes: Productive HTML for `.html`,
/// Markdown otherwise.
public enum PayloadWriter {
    /// Appends the payload of `document` in `format` to `out`.
    public static func write(_ document: Document, format: OutputFormat, into out: inout [UInt8]) {
        if format == .html {
            HTMLWriter().write(document, into: &out)
        } else {
            MarkdownWriter().write(document, into: &out)
        }
    }
}
