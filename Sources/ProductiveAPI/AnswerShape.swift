import Foundation
import ProductiveWire

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
        case .success(let document):
            guard case .resource(let resource) = document.data else { return "it holds no resource object in `data`" }
            return resource.problem
        }
    }

    /// A list of resource objects in `data`.
    static let collection = AnswerShape { response in
        switch document(response) {
        case .failure(let problem): return problem.text
        case .success(let document):
            guard case .list(let resources) = document.data else { return "it holds no list in `data`" }
            for resource in resources {
                guard let resource else { return "its `data` holds something that is not a resource object" }
                if let problem = resource.problem { return problem }
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

    private static func document(_ response: APIResponse) -> Result<ShapeDocument, Problem> {
        if let document = response.decoded(ShapeDocument.self) { return .success(document) }
        let start = response.data.prefix(256).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if start.isEmpty { return .failure(Problem(text: "its body is empty")) }
        if start.first == UInt8(ascii: "<") { return .failure(Problem(text: "it is an HTML or XML page, not JSON")) }
        if start.first == UInt8(ascii: "{") { return .failure(Problem(text: "its JSON is cut short or malformed (\(response.data.count) bytes)")) }
        return .failure(Problem(text: "it is not a JSON object"))
    }
}
