import ProductiveWire

/// What `AnswerShape` reads of a JSON object answer: whether `data` is one resource object, a list
/// or neither, and of each resource the ids that must be digits. Decoding fails only when the body
/// is not a JSON object; everything inside is read leniently and judged by `problem`.
struct ShapeDocument: Decodable {
    enum Content {
        case resource(ShapeResource)
        /// nil for an element that is not an object.
        case list([ShapeResource?])
        case neither
    }

    let data: Content

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let resource = container.lenient(ShapeResource.self, forKey: .data) {
            data = .resource(resource)
        } else if let list = container.lenient([Lenient<ShapeResource>].self, forKey: .data) {
            data = .list(list.map(\.value))
        } else {
            data = .neither
        }
    }

    private enum CodingKeys: String, CodingKey { case data }
}

/// One resource object as `AnswerShape` judges it: its id, the attributes that hold ids, and the
/// ids its relationships point at.
struct ShapeResource: Decodable {
    /// The attributes that name other resources: when present and not null, digits.
    static let idAttributes = ["parent_page_id", "root_page_id", "project_id", "page_id"]

    let id: String?
    /// The `idAttributes` present and not null, with their text (nil: neither a string nor a number).
    let idAttributes: [(name: String, text: String?)]
    /// The relationships whose `data` is an object, with the id it holds (nil: none, or not text).
    let relationships: [(name: String, id: String?)]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TextKey.self)
        id = container.lenientText(forKey: TextKey("id"))
        let attributes = try? container.nestedContainer(keyedBy: TextKey.self, forKey: TextKey("attributes"))
        idAttributes = Self.idAttributes.compactMap { name in
            let key = TextKey(name)
            guard let attributes, attributes.contains(key), (try? attributes.decodeNil(forKey: key)) == false else { return nil }
            return (name, attributes.lenientID(forKey: key))
        }
        let relations = try? container.nestedContainer(keyedBy: TextKey.self, forKey: TextKey("relationships"))
        relationships = (relations?.allKeys ?? []).compactMap { key in
            guard let relation = try? relations?.nestedContainer(keyedBy: TextKey.self, forKey: key),
                  let data = try? relation.nestedContainer(keyedBy: TextKey.self, forKey: TextKey("data")) else { return nil }
            return (key.stringValue, data.lenientText(forKey: TextKey("id")))
        }
    }

    /// What is wrong with it, in words; nil when its id, and the ids it points at, are digits.
    var problem: String? {
        guard let id else { return "a resource in it has no id" }
        guard ResourceID.isValid(id) else { return "a resource in it has an id that is not digits" }
        for (name, text) in idAttributes {
            guard let text, ResourceID.isValid(text) else { return "its `\(name)` is not digits" }
        }
        for (name, related) in relationships {
            guard let related, ResourceID.isValid(related) else { return "its relationship `\(name)` has an id that is not digits" }
        }
        return nil
    }
}
