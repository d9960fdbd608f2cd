import Foundation

/// The query keys of list requests: JSON:API's bracketed families (`filter[...]`, `page[...]`,
/// `fields[...]`) and `sort`.
public enum QueryKey {
    /// `filter[name]`, e.g. `filter[project_id]`.
    public static func filter(_ name: String) -> String { "filter[\(name)]" }
    /// `fields[type]`: the attributes kept in a list's resources, e.g. `fields[pages]`.
    public static func fields(_ type: String) -> String { "fields[\(type)]" }
    /// The page of results, from 1.
    public static let pageNumber = "page[number]"
    /// Resources per page of results (see `ListLimits`).
    public static let pageSize = "page[size]"
    public static let sort = "sort"
    public static let include = "include"

    /// The name inside `filter[name]`; nil for any other key.
    public static func filterName(_ key: String) -> String? {
        guard key.hasPrefix("filter["), key.hasSuffix("]") else { return nil }
        return String(key.dropFirst("filter[".count).dropLast())
    }
}

/// How many resources a list answers per page of results.
public enum ListLimits {
    /// Without `page[size]`.
    public static let defaultPageSize = 30
    /// The most `page[size]` gives (larger sizes are cut to this).
    public static let maxPageSize = 200

    /// `page[number]=number&page[size]=200`: one page of a listing the client reads to its end.
    public static func page(_ number: Int) -> [(String, String)] {
        [(QueryKey.pageNumber, String(number)), (QueryKey.pageSize, String(maxPageSize))]
    }
}

/// The query string of a request: items in order, keys and values percent-encoded, the brackets of
/// `filter[...]` and `page[...]` too (`%5B`, `%5D`), and `+` (`%2B`), which a server reads as a space.
public enum QueryString {
    /// `key=value&...` without the leading `?`; empty for no items.
    public static func encode(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return (components.percentEncodedQuery ?? "")
            .replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D").replacingOccurrences(of: "+", with: "%2B")
    }

    /// The items of a raw query string, keys and values percent-decoded (`+` is a space).
    public static func decode(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            return (decode(parts.first ?? ""), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
