/// JSON:API documents as Productive sends and takes them: one resource, a list of resources with
/// its `meta`, and the error document. `Attributes` is the resource type's own `Codable` struct.
///
/// Decoding is lenient where Productive is: ids may come as strings or numbers; `relationships`,
/// `meta` and `included` may be missing; members nobody reads are ignored; a `meta` that cannot be
/// read counts as absent. `attributes` is read by `Attributes` itself, from a null value when the
/// resource has none (lenient attribute types read that as every member absent; strict ones fail).
/// A resource whose `Attributes` are `AnswerReading` (the client's, reading answers) may also leave
/// out its `type` (read as empty), and a relationship of it that cannot be read counts as absent;
/// others (the sandbox's request bodies) need both to be right. Encoding writes ids as strings, as
/// Productive does.

/// `{"type": .., "id": ..}`: what a relationship points at.
public struct ResourceIdentifier: Codable, Sendable, Equatable {
    public var type: String
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    /// `type` may be missing (read as empty); `id` must be there, as a string or a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, forKey: .type) ?? ""
        id = try container.decode(FlexibleID.self, forKey: .id).value
    }
}

/// `{"data": identifier-or-null}`: one to-one relationship (`project`, `parent_page`, `updater`...).
public struct Relationship: Codable, Sendable, Equatable {
    public var data: ResourceIdentifier?

    enum CodingKeys: String, CodingKey {
        case data
    }

    public init(_ data: ResourceIdentifier?) {
        self.data = data
    }

    /// A relationship to `type` `id`, or a null one when `id` is nil.
    public init(_ type: String, _ id: Int?) {
        data = id.map { ResourceIdentifier(type: type, id: String($0)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)  // null, not left out
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try? container.decodeIfPresent(ResourceIdentifier.self, forKey: .data)
    }
}

/// Attributes read from answers the reader does not control: a resource of them is read leniently
/// (see above). The attribute type itself reads its members leniently too (`LenientDecoding`).
public protocol AnswerReading: Codable, Sendable {}

/// A resource object. `id` is nil in a create request's envelope.
public struct Resource<Attributes: Codable & Sendable>: Codable, Sendable {
    public var id: String?
    public var type: String
    public var attributes: Attributes
    public var relationships: [String: Relationship]?

    public init(id: String? = nil, type: String, attributes: Attributes, relationships: [String: Relationship]? = nil) {
        self.id = id
        self.type = type
        self.attributes = attributes
        self.relationships = relationships
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(FlexibleID.self, forKey: .id)?.value
        // A missing key gives a decoder of null: the attribute type decides what that means.
        attributes = try Attributes(from: container.superDecoder(forKey: .attributes))
        if Attributes.self is any AnswerReading.Type {
            type = container.lenient(String.self, forKey: .type) ?? ""
            relationships = container.lenient([String: Lenient<Relationship>].self, forKey: .relationships)?.compactMapValues(\.value)
        } else {
            type = try container.decode(String.self, forKey: .type)
            relationships = try container.decodeIfPresent([String: Relationship].self, forKey: .relationships)
        }
    }

    /// The id `relationships.NAME.data.id` points at; nil when there is none.
    public func related(_ name: String) -> String? {
        relationships?[name]?.data?.id
    }
}

/// `{"data": resource}`: one resource (a read or write answer, a request's envelope).
public struct ResourceDocument<Attributes: Codable & Sendable>: Codable, Sendable {
    public var data: Resource<Attributes>

    public init(_ data: Resource<Attributes>) {
        self.data = data
    }
}

/// `{"data": [resource], "meta": {...}}`: one page of a list. A `meta` that is not an object
/// reads as none.
public struct CollectionDocument<Attributes: Codable & Sendable>: Codable, Sendable {
    public var data: [Resource<Attributes>]
    public var meta: CollectionMeta?

    public init(_ data: [Resource<Attributes>], meta: CollectionMeta? = nil) {
        self.data = data
        self.meta = meta
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode([Resource<Attributes>].self, forKey: .data)
        meta = container.lenient(CollectionMeta.self, forKey: .meta)
    }

    private enum CodingKeys: String, CodingKey { case data, meta }
}

/// The `meta` of a list answer: where this page of results is among all of them.
public struct CollectionMeta: Codable, Sendable, Equatable {
    public var currentPage: Int?
    public var totalPages: Int?
    public var totalCount: Int?
    public var pageSize: Int?

    public init(currentPage: Int? = nil, totalPages: Int? = nil, totalCount: Int? = nil, pageSize: Int? = nil) {
        self.currentPage = currentPage
        self.totalPages = totalPages
        self.totalCount = totalCount
        self.pageSize = pageSize
    }

    /// Each member on its own, as a number or a numeric string; one that is neither reads as absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currentPage = container.lenientInt(forKey: .currentPage)
        totalPages = container.lenientInt(forKey: .totalPages)
        totalCount = container.lenientInt(forKey: .totalCount)
        pageSize = container.lenientInt(forKey: .pageSize)
    }

    enum CodingKeys: String, CodingKey {
        case currentPage = "current_page", totalPages = "total_pages", totalCount = "total_count", pageSize = "page_size"
    }
}

/// `{"errors": [...]}`: what a 4xx or 5xx may carry. A 429 or 502 may carry no document at all:
/// decode with `try?` and branch on the HTTP status, never on this.
///
/// Read leniently, as answers come from servers and proxies the client does not control: an error
/// that is not an object is left out, and one whose `title` or `detail` is not text keeps the rest;
/// a JSON object without `errors` (a 429's or a proxy's) reads as no errors.
public struct ErrorDocument: Codable, Sendable, Equatable {
    public var errors: [ErrorObject]

    public init(_ errors: [ErrorObject]) {
        self.errors = errors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errors = (try? container.decode([Lenient<ErrorObject>].self, forKey: .errors))?.compactMap(\.value) ?? []
    }

    private enum CodingKeys: String, CodingKey { case errors }
}

/// One error: `status` (as a string), `title`, `detail`, the `source.pointer` of the attribute at
/// fault, and on a 429 the `limit` and `period` (seconds) of the budget that ran out.
public struct ErrorObject: Codable, Sendable, Equatable {
    public struct Source: Codable, Sendable, Equatable {
        public var pointer: String?

        public init(pointer: String?) {
            self.pointer = pointer
        }
    }

    public var status: String?
    public var title: String?
    public var detail: String?
    public var source: Source?
    public var limit: Int?
    public var period: Int?

    public init(status: Int, title: String, detail: String, pointer: String? = nil, limit: Int? = nil, period: Int? = nil) {
        self.status = String(status)
        self.title = title
        self.detail = detail
        self.source = pointer.map { Source(pointer: $0) }
        self.limit = limit
        self.period = period
    }

    /// Each member on its own: one of the wrong type is left out, the others kept.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = (try? container.decodeIfPresent(FlexibleID.self, forKey: .status))?.value
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        detail = try? container.decodeIfPresent(String.self, forKey: .detail)
        source = try? container.decodeIfPresent(Source.self, forKey: .source)
        limit = try? container.decodeIfPresent(Int.self, forKey: .limit)
        period = try? container.decodeIfPresent(Int.self, forKey: .period)
    }

    private enum CodingKeys: String, CodingKey { case status, title, detail, source, limit, period }
}
