import ProductiveWire

/// The attributes of the resources the client reads, as `Codable` types for the wire's
/// `ResourceDocument` and `CollectionDocument`. Read as leniently as Productive's answers need:
/// unknown members are ignored, a member missing, null or of another type is nil, ids may be strings
/// or numbers, and a resource without `attributes` reads as one with every member nil. The answer's
/// shape (ids that are digits) is checked apart, by `AnswerShape`.

/// A page's attributes (`pages`).
struct PageAttributes: AnswerReading {
    var title: String?
    var parentPageID: String?
    var rootPageID: String?
    var projectID: String?
    var versionNumber: Int?
    var body: String?
    var updatedAt: String?
    var createdAt: String?
    var editedAt: String?
    var position: Int?

    init(from decoder: any Decoder) throws {
        let container = try? decoder.container(keyedBy: CodingKeys.self)
        title = container?.lenient(String.self, forKey: .title)
        parentPageID = container?.lenientID(forKey: .parentPageID)
        rootPageID = container?.lenientID(forKey: .rootPageID)
        projectID = container?.lenientID(forKey: .projectID)
        versionNumber = container?.lenientInt(forKey: .versionNumber)
        body = container?.lenient(String.self, forKey: .body)
        updatedAt = container?.lenient(String.self, forKey: .updatedAt)
        createdAt = container?.lenient(String.self, forKey: .createdAt)
        editedAt = container?.lenient(String.self, forKey: .editedAt)
        position = container?.lenientInt(forKey: .position)
    }

    private enum CodingKeys: String, CodingKey {
        case title, parentPageID = "parent_page_id", rootPageID = "root_page_id", projectID = "project_id"
        case versionNumber = "version_number", body, updatedAt = "updated_at", createdAt = "created_at", editedAt = "edited_at", position
    }
}

/// A page version's attributes (`page_versions`).
struct PageVersionAttributes: AnswerReading {
    var pageID: String?
    var name: String?
    var titleSnapshot: String?
    var bodySnapshot: String?
    var createdAt: String?

    init(pageID: String?, name: String?, titleSnapshot: String?, bodySnapshot: String?, createdAt: String?) {
        self.pageID = pageID
        self.name = name
        self.titleSnapshot = titleSnapshot
        self.bodySnapshot = bodySnapshot
        self.createdAt = createdAt
    }

    init(from decoder: any Decoder) throws {
        let container = try? decoder.container(keyedBy: CodingKeys.self)
        pageID = container?.lenientID(forKey: .pageID)
        name = container?.lenient(String.self, forKey: .name)
        titleSnapshot = container?.lenient(String.self, forKey: .titleSnapshot)
        bodySnapshot = container?.lenient(String.self, forKey: .bodySnapshot)
        createdAt = container?.lenient(String.self, forKey: .createdAt)
    }

    private enum CodingKeys: String, CodingKey {
        case pageID = "page_id", name, titleSnapshot = "title_snapshot", bodySnapshot = "body_snapshot", createdAt = "created_at"
    }
}

/// A person's attributes (`people`).
struct PersonAttributes: AnswerReading {
    var firstName: String?
    var lastName: String?
    var email: String?
    var status: String?
    var personType: String?

    init(from decoder: any Decoder) throws {
        let container = try? decoder.container(keyedBy: CodingKeys.self)
        firstName = container?.lenient(String.self, forKey: .firstName)
        lastName = container?.lenient(String.self, forKey: .lastName)
        email = container?.lenient(String.self, forKey: .email)
        status = container?.lenientText(forKey: .status)
        personType = container?.lenientText(forKey: .personType)
    }

    private enum CodingKeys: String, CodingKey {
        case firstName = "first_name", lastName = "last_name", email, status, personType = "person_type"
    }
}

/// A team's or dynamic group's attributes.
struct GroupAttributes: AnswerReading {
    var name: String?

    init(from decoder: any Decoder) throws {
        name = (try? decoder.container(keyedBy: CodingKeys.self))?.lenient(String.self, forKey: .name)
    }

    private enum CodingKeys: String, CodingKey { case name }
}

/// An attachment's attributes (`attachments`); `aws_policy` only in the answer to its create.
struct AttachmentAttributes: AnswerReading {
    var name: String?
    var url: String?
    var contentType: String?
    var size: Int?
    var pageID: String?
    var attachableType: String?
    var attachableID: String?
    /// The upload form's fields by name: nil for a value that is neither text nor a number.
    var awsPolicy: [String: String?]?

    init(from decoder: any Decoder) throws {
        let container = try? decoder.container(keyedBy: CodingKeys.self)
        name = container?.lenient(String.self, forKey: .name)
        url = container?.lenient(String.self, forKey: .url)
        contentType = container?.lenient(String.self, forKey: .contentType)
        size = container?.lenientInt(forKey: .size)
        pageID = container?.lenientID(forKey: .pageID)
        attachableType = container?.lenient(String.self, forKey: .attachableType)
        attachableID = container?.lenientID(forKey: .attachableID)
        awsPolicy = (try? container?.nestedContainer(keyedBy: TextKey.self, forKey: .awsPolicy)).map(TextAttributes.values)
    }

    private enum CodingKeys: String, CodingKey {
        case name, url, contentType = "content_type", size, pageID = "page_id", attachableType = "attachable_type"
        case attachableID = "attachable_id", awsPolicy = "aws_policy"
    }
}

/// Attributes whose names are data (a membership's member is under the attribute its kind names):
/// every member as text, nil for one that is neither text nor a number.
struct TextAttributes: AnswerReading {
    var values: [String: String?]

    init(_ values: [String: String?]) {
        self.values = values
    }

    init(from decoder: any Decoder) throws {
        values = (try? decoder.container(keyedBy: TextKey.self)).map(Self.values) ?? [:]
    }

    func encode(to encoder: any Encoder) throws {
        try values.encode(to: encoder)
    }

    subscript(name: String) -> String? {
        values[name] ?? nil
    }

    /// Every member of `container` as text (nil: neither text nor a number).
    static func values(_ container: KeyedDecodingContainer<TextKey>) -> [String: String?] {
        Dictionary(container.allKeys.map { ($0.stringValue, container.lenientText(forKey: $0)) }) { first, _ in first }
    }
}

/// No attributes read (`organization_memberships`: only its `person` relationship is).
struct NoAttributes: AnswerReading {
    init() {}

    init(from decoder: any Decoder) throws {}

    func encode(to encoder: any Encoder) throws {}
}
