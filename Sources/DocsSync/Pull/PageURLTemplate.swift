/// `page_url_template` in both directions: the URL publishing writes for a page id, and the page id
/// a URL of that form names (what `pull` and `diff` turn back into a relative link).
struct PageURLTemplate: Sendable, Equatable {
    let template: String
    let organizationID: String

    /// The page's URL, with `fragment` (`#setup`, or empty) appended.
    func url(pageID: String, fragment: String = "") -> String {
        template.replacingOccurrences(of: "{page_id}", with: pageID).replacingOccurrences(of: "{organization_id}", with: organizationID) + fragment
    }

    /// The page id and fragment of a URL this template makes, or nil for any other URL.
    func match(_ url: String) -> (pageID: String, fragment: String)? {
        let filled = template.replacingOccurrences(of: "{organization_id}", with: organizationID)
        guard let marker = filled.range(of: "{page_id}") else { return nil }
        let prefix = filled[..<marker.lowerBound]
        let suffix = filled[marker.upperBound...]
        guard url.hasPrefix(prefix) else { return nil }
        let rest = url.dropFirst(prefix.count)
        let id = rest.prefix { $0.isASCII && $0.isNumber }
        guard !id.isEmpty else { return nil }
        var tail = rest.dropFirst(id.count)
        guard tail.hasPrefix(suffix) else { return nil }
        tail = tail.dropFirst(suffix.count)
        guard tail.isEmpty || tail.hasPrefix("#") else { return nil }
        return (String(id), String(tail))
    }
}
