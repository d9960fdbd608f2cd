import Foundation
import ProductiveWire

/// Every guess about Productive's attachments API, in one place (../shared/reference/attachments.md:
/// what is documented, observed or guessed). When the real API turns out to differ, this is the
/// type that changes; the client's flow (`ProductiveClient+Attachments`) and its retry rules do not.
///
/// - Step 1 (documented): `POST /attachments` with `name`, `content_type`, `size`, `attachable_type`.
///   Guess: the page goes in as the `page_id` attribute with `attachable_type: "page"`, which also
///   makes step 4 (linking the attachment to its page) part of step 1: no call of its own.
///   Observed: `attachment_type` is `inline` for images shown in the text, `attachment` otherwise.
/// - Step 2 (observed): the form goes to the root of the upload URL, `aws_policy`'s fields in the
///   order given, the file last in the field `file`. The Location is the `Location` header, else the
///   `<Location>` of the XML answer, else the upload URL + `/` + `key`.
/// - Step 3 (documented): `PATCH /attachments/{id}` with `temp_url`; the answer carries `url`.
/// - Reading (guess): the page is `page_id`, else the `page` relationship, else `attachable_id`
///   with `attachable_type: "page"`. An attachment without `url` was never finished (steps 2–3).
/// - The query string (observed on files.productive.io) is part of the url when writing, not when
///   comparing; a `token` query item (the guide's way of downloading) is never kept.
enum AttachmentWire {
    static let collection = "/attachments"
    static let type = "attachments"
    /// The form field that carries the file (last).
    static let fileField = "file"

    // MARK: Step 1

    static func createBody(pageID: String, fileName: String, contentType: String, size: Int, inline: Bool) -> RequestDocument<NewAttachmentAttributes> {
        RequestDocument(type: type, attributes: NewAttachmentAttributes(
            name: fileName, contentType: contentType, size: size, pageID: WireID(pageID), attachmentType: inline ? "inline" : "attachment"
        ))
    }

    /// The form fields of step 2, in the order the answer lists them; nil when the answer has none
    /// usable (no `key`, a value that is not text, a name or value that cannot go into a form).
    static func policyFields(in response: APIResponse) -> [(name: String, value: String)]? {
        guard let policy = response.resource(AttachmentAttributes.self)?.attributes.awsPolicy, policy["key"] != nil else { return nil }
        let order = JSONKeyOrder.keys(at: ["data", "attributes", "aws_policy"], in: response.data) ?? policy.keys.sorted()
        var fields: [(name: String, value: String)] = []
        for name in order where name != fileField {
            guard let value = policy[name] ?? nil, !name.isEmpty, MultipartForm.canCarry(name, asName: true), MultipartForm.canCarry(value) else { return nil }
            fields.append((name, value))
        }
        return fields.count == policy.count ? fields : nil
    }

    // MARK: Step 2

    /// Where the form is posted: the bucket's root (or the upload URL's own path, when it has one).
    static func uploadTarget(_ uploadURL: String) -> String {
        (URLComponents(string: uploadURL)?.path ?? "").isEmpty ? uploadURL + "/" : uploadURL
    }

    /// Where the uploaded file is, from the answer to step 2.
    static func location(header: String?, body: Data, uploadURL: String, key: String) -> String? {
        if let header, !header.isEmpty { return header }
        if let element = xmlElement("Location", in: body), !element.isEmpty { return element }
        let encoded = key.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? String($0) }
            .joined(separator: "/")
        return uploadURL + "/" + encoded
    }

    /// The text of the first `<name>` element of an S3 XML answer (entities decoded); nil when absent.
    static func xmlElement(_ name: String, in body: Data) -> String? {
        let text = String(decoding: body.prefix(64 << 10), as: UTF8.self)
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: Step 3

    static func finishBody(id: String, location: String) -> RequestDocument<[String: String]> {
        RequestDocument(type: type, id: id, attributes: ["temp_url": location])
    }

    // MARK: Reading

    static func listQuery(pageID: String) -> [(String, String)] {
        [(QueryKey.filter("page_id"), pageID)]
    }

    /// A JSON:API resource of type `attachments`, checked: the id is digits, the url an http(s)
    /// address without the token. Throws the reason the answer cannot be used.
    static func attachment(from resource: Resource<AttachmentAttributes>, configuration: ProductiveConfiguration) throws(AnswerProblem) -> Attachment {
        guard let id = resource.id, ResourceID.isValid(id) else {
            throw AnswerProblem("an attachment without a numeric id")
        }
        let attributes = resource.attributes
        var pageID = attributes.pageID ?? resource.related("page")
        if pageID == nil, attributes.attachableType == "page" {
            pageID = attributes.attachableID ?? resource.related("attachable")
        }
        if let pageID, !ResourceID.isValid(pageID) { throw AnswerProblem("attachment \(id) names a page that is not a number") }
        var url: String?
        if let raw = attributes.url, !raw.isEmpty {
            url = try checkedURL(raw, configuration: configuration, what: "attachment \(id)")
        }
        return Attachment(id: id, name: attributes.name ?? "", url: url, contentType: attributes.contentType, size: attributes.size, pageID: pageID)
    }

    /// True for an attachment whose upload was never finished (guess: it has no url yet).
    static func isUnfinished(_ attachment: Attachment) -> Bool {
        attachment.url == nil
    }

    /// An http(s) URL that is safe to store and print: a `token` query item is dropped, and one
    /// that holds the token anywhere else is refused.
    static func checkedURL(_ raw: String, configuration: ProductiveConfiguration, what: String) throws(AnswerProblem) -> String {
        guard var components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              components.host?.isEmpty == false, components.user == nil, components.password == nil else {
            throw AnswerProblem("\(what) has a url that is not an http(s) address")
        }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { $0.name.lowercased() != "token" }
            if kept.count != items.count { components.percentEncodedQueryItems = kept.isEmpty ? nil : kept }
        }
        guard let url = components.string, !configuration.holdsToken(url) else {
            throw AnswerProblem("\(what) has a url that holds the token")
        }
        return url
    }

    /// `url` without its query string and fragment.
    static func withoutQuery(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }
}

/// Why an answer cannot be used (becomes a `badAnswer` error naming the operation).
struct AnswerProblem: Error, Sendable {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
