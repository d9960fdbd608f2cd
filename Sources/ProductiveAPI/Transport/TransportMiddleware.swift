import AsyncHTTPClient
import Foundation

/// What one attempt of a request carries down the middleware chain besides the request itself.
struct Attempt: Sendable {
    /// Method and path, for events and messages.
    var name: RequestName
    /// What the caller is doing, e.g. `append_markdown to page 42`.
    var operation: String
    /// How often the request was tried again before this attempt.
    var retries: Int
    /// The longest this exchange may take, answer body included.
    var timeout: Duration
    /// Set by the budget middleware when what is left of the run's budget shortened `timeout`.
    var shortenedByBudget = false
    /// False for a request outside the API's request budgets (an upload to the file store): it takes
    /// a concurrency slot only.
    var counted = true
}

/// What came of one exchange: an answer (any status), or none.
enum Exchange: Sendable {
    case answered(Answer)
    /// No (complete) answer; `timeout` is the limit the attempt had.
    case lost(TransportFailure, timeout: Duration, shortenedByBudget: Bool)

    /// The status, nil when no answer came.
    var status: Int? {
        if case .answered(let answer) = self { return answer.response.status }
        return nil
    }
}

/// One answer, with what the retry policy reads from it besides the body.
struct Answer: Sendable {
    var response: APIResponse
    /// The first JSON:API error's title and detail (the file store's `Code` and `Message`), token removed.
    var errorTitle: String?
    var errorDetail: String?
    /// How long a 429 asks to wait (`X-RateLimit-Reset`, else `Retry-After`).
    var resetAfter: Duration?
    /// Set when the answer must not be used nor asked for again (far too large).
    var refusal: String?
}

/// The rest of the chain, down to the exchange itself.
typealias NextStep = @Sendable (HTTPClientRequest, Attempt) async throws -> Exchange

/// One layer around an exchange, in the style of swift-openapi-runtime's `ClientMiddleware`: it may
/// change the request or the attempt, wait, or throw a final `ProductiveAPIError` instead of calling
/// `next`. Retries are not a layer's business: `Transport.run` drives them from `RetryPolicy`.
protocol TransportMiddleware: Sendable {
    func intercept(_ request: HTTPClientRequest, _ attempt: Attempt, next: NextStep) async throws -> Exchange
}

/// Middleware in order, outermost first, around the exchange that ends the chain.
struct MiddlewareChain: Sendable {
    let middleware: [any TransportMiddleware]
    let exchange: NextStep

    func callAsFunction(_ request: HTTPClientRequest, _ attempt: Attempt) async throws -> Exchange {
        var next = exchange
        for layer in middleware.reversed() {
            let inner = next
            next = { request, attempt in try await layer.intercept(request, attempt, next: inner) }
        }
        return try await next(request, attempt)
    }
}
