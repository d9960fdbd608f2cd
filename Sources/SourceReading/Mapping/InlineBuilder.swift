import ProductiveFormat

/// Accumulates inline content, merging adjacent text runs that carry the same marks.
///
/// The run being built is kept apart so appending to it never copies the text so far.
struct InlineBuilder {
    private var finished: [Inline] = []
    /// UTF-8 of the run being built: one String is made when the run ends.
    private var pendingText: [UInt8] = []
    private var pendingMarks = Marks()

    /// `scratch` (emptied) holds the text of the runs: a buffer of an earlier builder, so that
    /// each paragraph does not allocate one anew.
    init(scratch: [UInt8] = []) {
        pendingText = scratch
        if !pendingText.isEmpty { pendingText.removeAll(keepingCapacity: true) }
    }

    /// The run buffer, for the next builder (`init(scratch:)`); call after `take()`.
    mutating func takeScratch() -> [UInt8] {
        defer { pendingText = [] }
        return pendingText
    }

    mutating func text(_ text: String, _ marks: Marks) {
        guard !text.isEmpty else { return }
        startText(marks)
        pendingText.append(contentsOf: text.utf8)
    }

    /// Appends UTF-8 text straight from the syntax tree's storage.
    mutating func text(bytes: UnsafeBufferPointer<UInt8>, _ marks: Marks) {
        guard !bytes.isEmpty else { return }
        startText(marks)
        pendingText.append(contentsOf: bytes)
    }

    private mutating func startText(_ marks: Marks) {
        if !pendingText.isEmpty && marks != pendingMarks { flushText() }
        pendingMarks = marks
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        finished.append(.text(String(decoding: pendingText, as: UTF8.self), pendingMarks))
        pendingText.removeAll(keepingCapacity: true)
    }

    mutating func append(_ inline: Inline) {
        if case .text(let text, let marks) = inline {
            self.text(text, marks)
        } else {
            flushText()
            finished.append(inline)
        }
    }

    mutating func append(contentsOf other: [Inline]) {
        for inline in other { append(inline) }
    }

    /// True when there is more than whitespace and line breaks.
    var hasVisibleContent: Bool {
        pendingText.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D } || Self.hasVisibleContent(finished)
    }

    /// Takes the content and starts over.
    mutating func take() -> [Inline] {
        flushText()
        defer { finished = [] }
        return finished
    }
}
