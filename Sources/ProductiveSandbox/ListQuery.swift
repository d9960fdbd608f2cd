import Foundation
import ProductiveWire

/// The query of a list endpoint (`GET /pages`, `/page_versions`, `/attachments`), read once and
/// checked like Productive: a filter or `include` the endpoint does not know, a sort key it cannot
/// sort by, or a page number or size that is not a positive number is a 400.
struct ListQuery: Sendable {
    /// The `filter[name]` items, in the order given.
    private(set) var filters: [(name: String, value: String)] = []
    /// `page[number]`, from 1.
    private(set) var number = 1
    /// `page[size]`, cut to `ListLimits.maxPageSize`.
    private(set) var size = ListLimits.defaultPageSize
    /// `fields[TYPE]`, by type.
    private(set) var fields: [String: Set<String>] = [:]
    /// `sort`: keys, a leading `-` for descending.
    private(set) var sort: [String] = []

    /// - Parameters:
    ///   - filters: the filter names the endpoint knows.
    ///   - sortable: the keys it sorts by; nil: it ignores `sort`.
    init(_ raw: String?, filters known: Set<String>, sortable: Set<String>?) throws(SandboxError) {
        for (key, value) in QueryString.decode(raw) {
            switch key {
            case QueryKey.pageNumber:
                number = try Self.positive(key, value)
            case QueryKey.pageSize:
                size = min(try Self.positive(key, value), ListLimits.maxPageSize)
            case QueryKey.sort:
                guard let sortable else { continue }
                sort = value.split(separator: ",").map(String.init)
                for key in sort where !sortable.contains(String(key.drop { $0 == "-" })) {
                    throw Self.badRequest("unsupported sort `\(key)`")
                }
            default:
                if let name = QueryKey.filterName(key), known.contains(name) {
                    filters.append((name, value))
                } else if key.hasPrefix("fields["), key.hasSuffix("]") {
                    fields[String(key.dropFirst("fields[".count).dropLast())] = Set(value.split(separator: ",").map(String.init))
                } else if key.hasPrefix("filter[") || key.hasPrefix(QueryKey.include) {
                    throw Self.badRequest("unsupported filter `\(key)`")
                }
            }
        }
    }

    /// The page of results asked for, from `items` in their final order, and the list's `meta`.
    func page<Item>(of items: [Item]) -> (items: ArraySlice<Item>, meta: [String: Any]) {
        let totalPages = max(1, (items.count + size - 1) / size)
        let (skip, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        let slice = items.dropFirst(overflow ? items.count : min(skip, items.count)).prefix(size)
        return (slice, ["current_page": number, "total_pages": totalPages, "total_count": items.count, "page_size": size])
    }

    /// The ids of a comma-separated filter value (`filter[id]=1,2`).
    static func ids(_ value: String) -> Set<Int> {
        Set(value.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
    }

    private static func positive(_ key: String, _ value: String) throws(SandboxError) -> Int {
        guard let parsed = Int(value), parsed >= 1 else { throw badRequest("\(key) must be a positive number") }
        return parsed
    }

    private static func badRequest(_ detail: String) -> SandboxError {
        SandboxError(status: 400, title: "Bad request", detail: detail)
    }
}
