import AsyncHTTPClient
import Foundation
import NIOCore

/// What the file store answered to an upload.
struct UploadAnswer: Sendable {
    var status: Int
    var location: String?
    var body: Data
}

extension Transport {
    /// Posts `form` to the file store (step 2 of an upload): never with the token or the organization
    /// id, under the shared limiter's concurrency but outside its budgets (the file store is not the
    /// API), within the run's time budget.
    ///
    /// Sending the same form again is safe (it writes the same bytes under the same key), so a lost
    /// answer, a reset or a 5xx is tried again like a read: up to `maxRetries` times with backoff, a
    /// timeout once more, an unreachable host once more. A refusal (403 for an expired policy or a
    /// bad signature, 400 for a missing field) is not retried: `.uploadRefused` with S3's code and message.
    func upload(_ form: MultipartForm, to url: String, bytes: Int, operation: String) async throws -> UploadAnswer {
        let name = RequestName(method: "POST", path: AttachmentWire.withoutQuery(url))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        // Only `Content-Type` goes along: no token, no organization id (no header middleware in this chain).
        request.headers.add(name: WireNames.contentType, value: form.contentType)
        request.body = .bytes(form.body)
        let policy = RetryPolicy(
            rules: .fileStore(configuration, retryBaseDelay: retryBaseDelay), name: name, operation: operation, shape: .anything,
            changesState: false, canVerify: false
        )
        // A large file takes longer than an API answer: one more second per 512 KB sent.
        let timeout = configuration.requestTimeout + .seconds(bytes / (512 << 10))
        let attempt = Attempt(name: name, operation: operation, retries: 0, timeout: timeout, counted: false)
        let response = try await run(policy, request, attempt, through: fileStoreChain)
        return UploadAnswer(status: response.status, location: response.location, body: response.data)
    }

    /// The chain of uploads to the file store: no header layer, the limiter's concurrency only.
    private var fileStoreChain: MiddlewareChain {
        let exchange = HTTPExchange(http: http, reading: .fileStore, token: configuration.token)
        return MiddlewareChain(
            middleware: [RequestLogMiddleware(reporter: reporter), RateLimitMiddleware(limiter: limiter, budget: budget, reporter: reporter), BudgetMiddleware(budget: budget)],
            exchange: { request, attempt in await exchange(request, attempt) }
        )
    }
}
