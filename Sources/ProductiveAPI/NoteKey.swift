/// The marker of a note appended "once": the line `note key: KEY` at its end, visible in the page,
/// which survives any conversion Productive applies, so the next run can find it.
public enum NoteKey {
    /// Keys are 1 to 100 of these characters.
    public static func isValid(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 100 && key.unicodeScalars.allSatisfy(isKeyScalar)
    }

    /// The line that marks a note appended with a key.
    public static func line(_ key: String) -> String {
        "note key: \(key)"
    }

    /// True when `text` holds the key line of `key` (not merely a longer key that starts with it).
    public static func isHeld(_ key: String, in text: String) -> Bool {
        let line = line(key)
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: line, range: searchRange) {
            let next = text[found.upperBound...].unicodeScalars.first
            if next.map({ !isKeyScalar($0) }) ?? true { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._:-".unicodeScalars.contains(scalar)
    }
}
