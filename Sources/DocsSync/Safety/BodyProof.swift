/// Whether a stored page body can be what we sent: every letter and digit of the stored text
/// appears, in order, in the payload (markup, URLs and spacing are what the payload adds). Used to
/// prove that a page found after a lost create is the one we made, never a same-titled page
/// someone else wrote.
enum BodyProof {
    static func matches(storedText: String, payload: String) -> Bool {
        let stored = significant(storedText)
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
}
