import ProductiveAPI

/// Page ids as the tool accepts them: decimal digits only, so that a value read from a manifest,
/// front matter, a flag or the environment can never turn into another URL path
/// (`1001/../../admin` is an error, not a request).
public enum PageID {
    /// True when `value` is a plain positive decimal id of at most 18 digits.
    public static func isValid(_ value: String) -> Bool {
        ResourceID.isValid(value)
    }

    /// `value`, or a `SyncError` naming `what` (e.g. "--root-page", "guide.md: page_id").
    @discardableResult
    public static func checked(_ value: String, _ what: String) throws -> String {
        guard isValid(value) else {
            throw SyncError("\(what): `\(Printable.escaped(value))` is not a page id (digits only)")
        }
        return value
    }
}
