import Foundation

/// What a 2xx answer must be before the client believes it: the JSON:API document the call expects,
/// with ids that are digits. A proxy's HTML page answered 200, JSON cut short, or a resource without
/// a usable id is a bad answer: the transport retries it within the run's budget (a change is
/// verified first, like a lost answer) and then fails with `.badAnswer`; nothing is decided from it.
struct AnswerShape: Sendable {
    /// nil when the answer is usable, else what is wrong with it, in words.
    let problem: @Sendable (APIResponse) -> String?

    /// Any answer at all (a delete's 204).
    static let anything = AnswerShape { _ in nil }

    /// One resource object in `data`.
    static let resource = AnswerShape { response in
        switch document(response) {
        case .failure(let problem): return problem.text
        case .success(let object):
            guard let resource = object["data"] as? [String: Any] else { return "it holds no resource object in `data`" }
            return resourceProblem(resource)
        }
    }

    /// A list of resource objects in `data`.
    static let collection = AnswerShape { response in
        switch document(response) {
        case .failure(let problem): return problem.text
        case .success(let object):
            guard let resources = object["data"] as? [Any] else { return "it holds no list in `data`" }
            for resource in resources {
                guard let resource = resource as? [String: Any] else { return "its `data` holds something that is not a resource object" }
                if let problem = resourceProblem(resource) { return problem }
            }
            return nil
        }
    }

    /// This shape, then `more` on an answer this shape accepts.
    func and(_ more: @escaping @Sendable (APIResponse) -> String?) -> AnswerShape {
        let first = problem
        return AnswerShape { response in first(response) ?? more(response) }
    }

    private struct Problem: Error {
        var text: String
    }

    private static func document(_ response: APIResponse) -> Result<[String: Any], Problem> {
        if let object = response.object { return .success(object) }
        let start = response.data.prefix(256).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if start.isEmpty { return .failure(Problem(text: "its body is empty")) }
        if start.first == UInt8(ascii: "<") { return .failure(Problem(text: "it is an HTML or XML page, not JSON")) }
        if start.first == UInt8(ascii: "{") { return .failure(Problem(text: "its JSON is cut short or malformed (\(response.data.count) bytes)")) }
        return .failure(Problem(text: "it is not a JSON object"))
    }

    /// What is wrong with one resource object: its id, and the ids it points at, must be digits.
    private static func resourceProblem(_ resource: [String: Any]) -> String? {
        guard let id = JSONValue.string(resource["id"]) else { return "a resource in it has no id" }
        guard ResourceID.isValid(id) else { return "a resource in it has an id that is not digits" }
        let attributes = resource["attributes"] as? [String: Any] ?? [:]
        for key in ["parent_page_id", "root_page_id", "project_id", "page_id"] {
            if let value = attributes[key], !(value is NSNull) {
                guard let text = JSONValue.string(value), ResourceID.isValid(text) else { return "its `\(key)` is not digits" }
            }
        }
        for (name, relation) in resource["relationships"] as? [String: Any] ?? [:] {
            guard let data = (relation as? [String: Any])?["data"] as? [String: Any] else { continue }
            guard let related = JSONValue.string(data["id"]), ResourceID.isValid(related) else { return "its relationship `\(name)` has an id that is not digits" }
        }
        return nil
    }
}
