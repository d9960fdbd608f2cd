import Foundation
import ProductiveWire

/// One entry of a page's history (`page_versions`): a snapshot of its body and title, named when
/// someone made it a restore point.
public struct PageVersion: Sendable, Equatable {
    public var id: String
    public var pageID: String?
    /// The name given to a restore point; nil for the versions Productive makes on its own.
    public var name: String?
    /// The title when the version was made.
    public var titleSnapshot: String?
    /// The stored body when the version was made (the same JSON string as `Page.body`); may be nil.
    public var bodySnapshot: String?
    /// When it was made (ISO 8601, the server's clock).
    public var createdAt: String?
    /// The person who made it (`person` relationship).
    public var personID: String?

    public init(
        id: String, pageID: String? = nil, name: String? = nil, titleSnapshot: String? = nil, bodySnapshot: String? = nil,
        createdAt: String? = nil, personID: String? = nil
    ) {
        self.id = id
        self.pageID = pageID
        self.name = name
        self.titleSnapshot = titleSnapshot
        self.bodySnapshot = bodySnapshot
        self.createdAt = createdAt
        self.personID = personID
    }

    /// Reads a JSON:API resource object of type `page_versions`.
    init?(resource: Resource<PageVersionAttributes>) {
        guard let id = resource.id else { return nil }
        let attributes = resource.attributes
        self.id = id
        pageID = attributes.pageID ?? resource.related("page")
        name = attributes.name
        titleSnapshot = attributes.titleSnapshot
        bodySnapshot = attributes.bodySnapshot
        createdAt = attributes.createdAt
        personID = resource.related("person")
    }

    /// The version as a JSON:API resource (what the client hands back after a verified lost answer).
    var resource: Resource<PageVersionAttributes> {
        let attributes = PageVersionAttributes(pageID: pageID, name: name, titleSnapshot: titleSnapshot, bodySnapshot: bodySnapshot, createdAt: createdAt)
        let relationships = personID.map { ["person": Relationship(ResourceIdentifier(type: "people", id: $0))] }
        return Resource(id: id, type: "page_versions", attributes: attributes, relationships: relationships)
    }
}
