/// A writer of payloads: it appends a document's payload, as UTF-8 bytes, to a buffer, and gets the
/// String and byte-array forms from that.
public protocol DocumentWriter: Sendable {
    /// Appends the payload for `document` to `out`.
    func write(_ document: Document, into out: inout [UInt8])
}

extension DocumentWriter {
    /// The payload for `document`.
    public func write(_ document: Document) -> String {
        String(decoding: writeBytes(document), as: UTF8.self)
    }

    /// The payload for `document`, as UTF-8 bytes.
    public func writeBytes(_ document: Document) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(document, into: &out)
        return out
    }
}
