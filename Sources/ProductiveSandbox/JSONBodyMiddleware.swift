import Foundation
import Hummingbird

/// What a POST or PATCH must be before an endpoint reads it: a JSON object (422 otherwise, nesting
/// checked first so that no parser meets 100,000 brackets), whose content (`markdown`, `html`,
/// `data.attributes.markdown`) has at most `maxContentLines` lines and tags (413 otherwise).
struct JSONBodyMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    /// `SandboxConfiguration.maxContentLines`.
    let maxContentLines: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .patch else { return try await next(request, context) }
        guard Self.nestingDepth(context.body) <= 64, let content = try? JSONDecoder().decode(Content.self, from: context.body) else {
            throw EarlyAnswer(.invalid("the body is not a JSON object"))
        }
        if content.texts.contains(where: { Self.lineCount($0) > maxContentLines }) {
            throw EarlyAnswer(SandboxError(status: 413, title: "Payload too large", detail: "the content has more than \(maxContentLines) lines and tags"))
        }
        return try await next(request, context)
    }

    /// The content of any endpoint's body, read leniently: a member absent or of another type is
    /// no content; only a body that is not a JSON object fails.
    private struct Content: Decodable {
        var texts: [String] = []

        private enum Key: String, CodingKey { case markdown, html, data, attributes }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: Key.self)
            let attributes = try? body.nestedContainer(keyedBy: Key.self, forKey: .data).nestedContainer(keyedBy: Key.self, forKey: .attributes)
            let members = [(body, Key.markdown), (body, Key.html)] + (attributes.map { [($0, Key.markdown)] } ?? [])
            for (container, key) in members {
                if let text = try? container.decodeIfPresent(String.self, forKey: key) { texts.append(text) }
            }
        }
    }

    /// Lines plus tags: what conversion cost grows with.
    static func lineCount(_ content: String) -> Int {
        content.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") || $1 == UInt8(ascii: "<") ? 1 : 0) }
    }

    /// The deepest nesting of arrays and objects in JSON bytes (strings skipped), without parsing.
    static func nestingDepth(_ data: Data) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
