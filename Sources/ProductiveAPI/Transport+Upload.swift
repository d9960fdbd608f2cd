import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What the file store answered to an upload.
struct UploadAnswer: Sendable {
    var status: Int
    var location: String?
    var body: Data
}

extension Transport {
    /// Statuses of the file store worth another try (S3 answers 503 `SlowDown` when busy).
    private static let retryableUploadStatuses: Set<Int> = [500, 502, 503, 504]

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
        var retries = 0
        var unreachableTries = 0
        var timeouts = 0
        while true {
            let remaining = try remainingBudget(before: name, operation: operation, retries: retries)
            // A large file takes longer than an API answer: one more second per 512 KB sent.
            let full = configuration.requestTimeout + .seconds(bytes / (512 << 10))
            let limit = min(full, remaining)
            let sentAt = ContinuousClock.now
            await limiter.acquire(counted: false)
            let answer: UploadAnswer
            do {
                answer = try await within(limit) { try await postForm(form, to: url, limit: limit) }
                await limiter.release()
            } catch {
                await limiter.release()
                reporter(.request(method: name.method, path: name.path, status: nil, duration: ContinuousClock.now - sentAt))
                var failure = TransportFailure.classify(error)
                switch failure.kind {
                case .unreachable:
                    unreachableTries += 1
                    guard unreachableTries < 2 else {
                        throw ProductiveAPIError(operation: operation, status: nil, retries: unreachableTries - 1, cause: "\(failure.reason) on \(name.summary)", kind: .unreachable, underlying: error)
                    }
                case .timedOut:
                    failure.reason = "no complete answer within \(Seconds.text(limit))"
                    if limit < full { throw budgetError(name, operation: operation, retries: retries) }
                    timeouts += 1
                    guard timeouts < 2 else {
                        throw ProductiveAPIError(operation: operation, status: nil, retries: retries + timeouts - 1, cause: "\(failure.reason) on \(name.summary), twice", kind: .noAnswer, underlying: error)
                    }
                case .mayHaveLanded:
                    guard retries < configuration.maxRetries else {
                        throw ProductiveAPIError(operation: operation, status: nil, retries: retries, cause: "\(failure.reason) on \(name.summary)", kind: .noAnswer, underlying: error)
                    }
                }
                retries += 1
                try await backoff(retries, reason: failure.reason, name, operation: operation)
                continue
            }
            reporter(.request(method: name.method, path: name.path, status: answer.status, duration: ContinuousClock.now - sentAt))
            if (200..<300).contains(answer.status) { return answer }
            if (300..<400).contains(answer.status) {
                throw ProductiveAPIError(operation: operation, status: answer.status, retries: retries, cause: "the file store answered with a redirect, which is never followed", kind: .redirected)
            }
            guard Self.retryableUploadStatuses.contains(answer.status), retries < configuration.maxRetries else {
                throw ProductiveAPIError(
                    operation: operation, status: answer.status, title: AttachmentWire.xmlElement("Code", in: answer.body),
                    detail: AttachmentWire.xmlElement("Message", in: answer.body), retries: retries, kind: .uploadRefused
                )
            }
            retries += 1
            try await backoff(retries, reason: "\(answer.status)", name, operation: operation)
        }
    }

    /// One upload exchange. Only `Content-Type` goes along: no token, no organization id.
    private func postForm(_ form: MultipartForm, to url: String, limit: Duration) async throws -> UploadAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.body = .bytes(form.body)
        let response = try await http.execute(request, timeout: .nanoseconds(Int64(Seconds.value(limit) * 1e9)))
        let status = Int(response.status.code)
        let body = (try? await response.body.collect(upTo: 1 << 20)).map { Data($0.readableBytesView) } ?? Data()
        return UploadAnswer(status: status, location: response.headers.first(name: "Location"), body: body)
    }
}
