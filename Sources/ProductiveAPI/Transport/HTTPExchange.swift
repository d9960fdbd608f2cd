import AsyncHTTPClient
import NIOHTTP1
import Foundation
import ProductiveWire
import NIOCore

/// The end of the chain: one exchange over AsyncHTTPClient, head and body within the attempt's
/// timeout, and what the retry policy needs read from the answer. A failure to get an answer is
/// classified by its type (`TransportFailure`) and returned, never thrown.
struct HTTPExchange: Sendable {
    /// How answers are read.
    enum Reading: Sendable {
        /// The pages API: a body larger than `maxBytes` is refused unread; errors are JSON:API
        /// documents (or anything at all: branch on the status); a 429 says when to come back.
        case jsonAPI(maxBytes: Int)
        /// The file store: the body (up to 1 MB) as it is; errors are S3's XML `Code` and `Message`.
        case fileStore
    }

    let http: HTTPClient
    let reading: Reading
    /// Removed from any text of an answer that is kept (an error detail could echo a header).
    let token: String

    func callAsFunction(_ request: HTTPClientRequest, _ attempt: Attempt) async -> Exchange {
        let limit = attempt.timeout
        do {
            let answer = try await Self.within(limit) { [self] in try await exchange(request, limit: limit) }
            return .answered(answer)
        } catch {
            var failure = TransportFailure.classify(error)
            if failure.kind == .timedOut { failure.reason = "no complete answer within \(Seconds.text(limit))" }
            return .lost(failure, timeout: limit, shortenedByBudget: attempt.shortenedByBudget)
        }
    }

    /// `exchange`, ended after `limit` (a body trickled byte by byte ends here too).
    static func within<T: Sendable>(_ limit: Duration, _ exchange: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw RequestTimeout(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw RequestTimeout(limit: limit) }
            return first
        }
    }

    private func exchange(_ request: HTTPClientRequest, limit: Duration) async throws -> Answer {
        let response = try await http.execute(request, timeout: .nanoseconds(Int64(Seconds.value(limit) * 1e9)))
        let status = Int(response.status.code)
        let serverDate = response.headers.first(name: WireNames.date).flatMap(HTTPDate.parse)
        let location = response.headers.first(name: WireNames.location)
        // A redirect is never followed (the token would go along) nor read.
        if (300..<400).contains(status) { return Answer(response: APIResponse(status: status, data: Data(), serverDate: serverDate, location: location)) }
        switch reading {
        case .fileStore:
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { Data($0.readableBytesView) } ?? Data()
            var answer = Answer(response: APIResponse(status: status, data: body, serverDate: serverDate, location: location))
            if !(200..<300).contains(status) {
                answer.errorTitle = AttachmentWire.xmlElement("Code", in: body)
                answer.errorDetail = AttachmentWire.xmlElement("Message", in: body)
            }
            return answer
        case .jsonAPI(let maxBytes):
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: maxBytes)
            } catch is NIOTooManyBytesError {
                var answer = Answer(response: APIResponse(status: status, data: Data()))
                answer.refusal = "the answer was larger than \(maxBytes >> 20) MB and was not read"
                return answer
            }
            var answer = Answer(response: APIResponse(status: status, data: Data(buffer.readableBytesView), serverDate: serverDate, location: location))
            if !(200..<300).contains(status) { readError(into: &answer, headers: response.headers, serverDate: serverDate) }
            return answer
        }
    }

    /// Error bodies may be empty, HTML or plain text (429, 502): read what is there, never rely on it.
    private func readError(into answer: inout Answer, headers: HTTPHeaders, serverDate: Date?) {
        let first = (try? JSONDecoder().decode(ErrorDocument.self, from: answer.response.data))?.errors.first
        answer.errorTitle = redact(first?.title)
        answer.errorDetail = redact(first?.detail)
        let reset = headers.first(name: WireNames.rateLimitReset) ?? headers.first(name: WireNames.retryAfter)
        answer.resetAfter = reset.flatMap { RetryAfter.parse($0, serverDate: serverDate) }
    }

    private func redact(_ text: String?) -> String? {
        guard let text, !token.isEmpty else { return text }
        return text.replacingOccurrences(of: token, with: "[redacted]")
    }
}
