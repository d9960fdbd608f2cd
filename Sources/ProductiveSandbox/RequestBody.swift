import Foundation
import ProductiveWire

/// A request body as an endpoint decodes it, and the 422 for a member that is missing or of the
/// wrong type there: `refusal(at:)` gets the coding path of the `DecodingError` (the key that was
/// missing included). A value the endpoint refuses although it decodes is thrown from
/// `init(from:)` as a `SandboxError` (`SandboxError.invalid(_:at:in:)`) and passes as it is.
protocol RequestBody: Decodable {
    static func refusal(at path: [any CodingKey]) -> SandboxError
}

/// The attributes of one endpoint's JSON:API envelope (`ResourceDocument<Self>`).
protocol RequestAttributes: Codable, Sendable {
    /// The envelope as the 422 names it: `{"data": {"type": "pages", "attributes": {...}}}`.
    static var envelopeShape: String { get }
    /// The `type` the envelope must name; nil when the endpoint takes any.
    static var resourceType: String? { get }
    /// The 422's detail for the attribute `member`, missing or of the wrong type.
    static func problem(with member: String) -> String
}

extension RequestAttributes {
    static var resourceType: String? { nil }

    /// The 422 for a body that is not this endpoint's envelope (at `/data`).
    static var envelopeRefusal: SandboxError {
        .invalid("this endpoint takes a JSON:API envelope \(envelopeShape)", pointer: "/data")
    }
}

extension ResourceDocument: RequestBody where Attributes: RequestAttributes {
    /// At `/data/attributes/NAME` for what is wrong in an attribute (however deep), else the
    /// envelope's refusal at `/data` (`data`, `type`, `attributes` missing or not what they must be).
    static func refusal(at path: [any CodingKey]) -> SandboxError {
        let names = path.map(\.stringValue)
        guard names.count >= 3, names[0] == "data", names[1] == "attributes" else { return Attributes.envelopeRefusal }
        return .invalid(Attributes.problem(with: names[2]), pointer: JSONPointer.to(path.prefix(3)))
    }
}

/// Request bodies read from the context's bytes (`JSONBodyMiddleware` made sure they are a JSON object).
enum RequestBodies {
    /// The body as `Body`, or its 422 (see `RequestBody`).
    static func decode<Body: RequestBody>(_ type: Body.Type, from data: Data) throws(SandboxError) -> Body {
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let error as SandboxError {
            throw error
        } catch let error as DecodingError {
            throw Body.refusal(at: error.path)
        } catch {
            throw .invalid("the body is not a JSON object")
        }
    }

    /// The resource of a JSON:API envelope with `Attributes`, named as the endpoint wants it.
    static func resource<Attributes: RequestAttributes>(_ type: Attributes.Type, from data: Data) throws(SandboxError) -> Resource<Attributes> {
        let document = try decode(ResourceDocument<Attributes>.self, from: data)
        if let wanted = Attributes.resourceType, document.data.type != wanted { throw Attributes.envelopeRefusal }
        return document.data
    }
}

extension DecodingError {
    /// Where decoding failed: the coding path, and for a missing member the member's key.
    var path: [any CodingKey] {
        switch self {
        case .keyNotFound(let key, let context): context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        @unknown default: []
        }
    }
}

/// A member named at run time (`html` or `markdown`, the member `type_id` names).
struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        stringValue = name
    }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) { nil }
}

/// JSON pointers (RFC 6901) as an error's `source.pointer` gives them: `/data/attributes/title`.
enum JSONPointer {
    static func to(_ path: some Sequence<any CodingKey>) -> String {
        path.map { key in
            let name = key.intValue.map(String.init) ?? key.stringValue
            return "/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }.joined()
    }
}

extension SandboxError {
    /// A 422 for the value of `key` in `container`, at that member's pointer.
    static func invalid<Key: CodingKey>(_ detail: String, at key: Key, in container: KeyedDecodingContainer<Key>) -> SandboxError {
        .invalid(detail, pointer: JSONPointer.to(container.codingPath + [key]))
    }
}
