import Foundation
import ProductiveWire

/// Files attached to pages: the four-step upload, the list and the delete. Every guess about the
/// wire format is in `AttachmentWire`.
extension ProductiveClient {
    /// Steps 1–4: record for the page, S3-style multipart upload (policy fields in order, file last,
    /// field `file`), PATCH temp_url, returns the attachment with its final url.
    ///
    /// Step 1 (`POST /attachments`, which also links the attachment to the page: step 4) and step 3
    /// (`PATCH /attachments/{id}`) are API calls under the limiter's budgets; step 2 goes to
    /// `configuration.uploadURL`, without the token, and takes a concurrency slot only.
    ///
    /// A lost answer to step 1 is not sent again blindly: the page's attachments are listed first.
    /// An unfinished attachment there with this name (and size and type, where listed) is one this
    /// call or an earlier interrupted one made; its upload policy was only in the lost answer, so it is
    /// deleted (no body can show it: it has no url) and step 1 is sent once more. The page ends up with
    /// one attachment either way. A lost answer to step 3 is resolved by reading the attachment: a url
    /// means it landed. When step 2 or 3 fails for good, the attachment is deleted again, so a failed
    /// upload leaves nothing behind (when that delete fails too, the error says which one is left).
    public func uploadAttachment(pageID: String, fileName: String, contentType: String, bytes: [UInt8], inline: Bool) async throws -> Attachment {
        let operation = "upload \"\(fileName)\" to page \(pageID)"
        try Self.checkID(pageID, operation: operation)
        guard !fileName.isEmpty, !fileName.contains("/"), MultipartForm.canCarry(fileName), MultipartForm.canCarry(contentType, asName: true), !contentType.isEmpty else {
            throw ProductiveAPIError(operation: operation, status: nil, cause: "the file name or content type is empty or holds a slash, line break or other control character", kind: .invalidRequest)
        }
        let (created, fields) = try await createAttachment(pageID: pageID, fileName: fileName, contentType: contentType, size: bytes.count, inline: inline, operation: operation)
        do {
            guard let key = fields.first(where: { $0.name == "key" })?.value else {
                throw ProductiveAPIError(operation: operation, status: nil, title: "Unexpected answer", detail: "the upload policy has no key", kind: .badAnswer)
            }
            let form = MultipartForm(fields: fields, file: (AttachmentWire.fileField, fileName, contentType, bytes))
            let answer = try await transport.upload(form, to: AttachmentWire.uploadTarget(configuration.uploadURL), bytes: bytes.count, operation: operation)
            guard let raw = AttachmentWire.location(header: answer.location, body: answer.body, uploadURL: configuration.uploadURL, key: key) else {
                throw ProductiveAPIError(operation: operation, status: answer.status, title: "Unexpected answer", detail: "the file store did not say where the file is", kind: .badAnswer)
            }
            let location = try Self.answerChecked(operation) { () throws(AnswerProblem) in try AttachmentWire.checkedURL(raw, configuration: configuration, what: "the upload's Location") }
            return try await finishAttachment(created.id, location: location, operation: operation)
        } catch var failure as ProductiveAPIError {
            do {
                try await deleteAttachment(id: created.id)
            } catch {
                failure.cause = (failure.cause.map { $0 + "; " } ?? "") + "attachment \(created.id) is left unfinished on page \(pageID) (deleting it failed too)"
            }
            throw failure
        } catch {
            try? await deleteAttachment(id: created.id)
            throw error
        }
    }

    /// The attachments of page `pageID` (`GET /attachments?filter[page_id]=`), every page of results followed.
    public func attachments(ofPage pageID: String) async throws -> [Attachment] {
        let operation = "list the attachments of page \(pageID)"
        try Self.checkID(pageID, operation: operation)
        let listed = try await transport.paginate(AttachmentAttributes.self, operation: operation) { number in
            APIRequest(.get, AttachmentWire.collection, query: AttachmentWire.listQuery(pageID: pageID) + ListLimits.page(number))
        }
        return try listed.resources.map { resource in
            try Self.answerChecked(operation) { () throws(AnswerProblem) in try AttachmentWire.attachment(from: resource, configuration: configuration) }
        }
    }

    /// Deletes attachment `id`. One already gone counts as deleted; a lost answer is resolved by
    /// reading the attachment (404: it landed).
    public func deleteAttachment(id: String) async throws {
        let operation = "delete attachment \(id)"
        try Self.checkID(id, operation: operation)
        do {
            _ = try await transport.send(APIRequest(.delete, "\(AttachmentWire.collection)/\(id)"), operation: operation, expecting: .anything) { [self] _ in
                do {
                    _ = try await transport.send(APIRequest(.get, "\(AttachmentWire.collection)/\(id)"), operation: "read attachment \(id)", expecting: .resource)
                    return .notLanded
                } catch let error as ProductiveAPIError where error.status == 404 {
                    return .landed(APIResponse(status: 204, data: Data()))
                }
            }
        } catch let error as ProductiveAPIError where error.status == 404 {
            return
        }
    }

    // MARK: Steps

    /// Step 1 (and 4): the attachment record for the page, and the upload policy's fields in order.
    private func createAttachment(
        pageID: String, fileName: String, contentType: String, size: Int, inline: Bool, operation: String
    ) async throws -> (Attachment, [(name: String, value: String)]) {
        let body = AttachmentWire.createBody(pageID: pageID, fileName: fileName, contentType: contentType, size: size, inline: inline)
        let response = try await transport.send(APIRequest(.post, AttachmentWire.collection, json: body), operation: operation, expecting: .resource) { [self] _ in
            let leftovers = try await attachments(ofPage: pageID).filter { listed in
                AttachmentWire.isUnfinished(listed) && listed.name == fileName
                    && (listed.size ?? size) == size && (listed.contentType ?? contentType) == contentType
            }
            for leftover in leftovers { try await deleteAttachment(id: leftover.id) }
            return .notLanded
        }
        let created = try attachment(in: response, operation: operation)
        guard created.pageID == nil || created.pageID == pageID, let fields = AttachmentWire.policyFields(in: response) else {
            try? await deleteAttachment(id: created.id)
            let problem = created.pageID == pageID || created.pageID == nil ? "the answer carries no usable upload policy" : "the answer names page \(created.pageID ?? "")"
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: problem, kind: .badAnswer)
        }
        return (created, fields)
    }

    /// Step 3: the uploaded file's Location as `temp_url`; the answer carries the final url.
    private func finishAttachment(_ id: String, location: String, operation: String) async throws -> Attachment {
        let request = APIRequest(.patch, "\(AttachmentWire.collection)/\(id)", json: AttachmentWire.finishBody(id: id, location: location))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { [self] _ in
            let read = try await transport.send(APIRequest(.get, "\(AttachmentWire.collection)/\(id)"), operation: "read attachment \(id)", expecting: .resource)
            return try attachment(in: read, operation: operation).url == nil ? .notLanded : .landed(read)
        }
        let finished = try attachment(in: response, operation: operation)
        guard finished.id == id, finished.url != nil else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the finished attachment has no url", kind: .badAnswer)
        }
        return finished
    }

    // MARK: Helpers

    private func attachment(in response: APIResponse, operation: String) throws -> Attachment {
        guard let resource = response.resource(AttachmentAttributes.self) else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the response holds no attachment", kind: .badAnswer)
        }
        return try Self.answerChecked(operation) { () throws(AnswerProblem) in try AttachmentWire.attachment(from: resource, configuration: configuration) }
    }

    /// Runs a check of an answer; its problem becomes a `badAnswer` error of `operation`.
    private static func answerChecked<T>(_ operation: String, _ check: () throws(AnswerProblem) -> T) throws -> T {
        do {
            return try check()
        } catch {
            throw ProductiveAPIError(operation: operation, status: nil, title: "Unexpected answer", detail: error.reason, kind: .badAnswer)
        }
    }

    private static func checkID(_ id: String, operation: String) throws {
        guard ResourceID.isValid(id) else {
            throw ProductiveAPIError(operation: operation, status: nil, cause: "the id given is not a number (digits only)", kind: .invalidRequest)
        }
    }
}
