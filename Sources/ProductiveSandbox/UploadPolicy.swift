import Crypto
import Foundation

/// The S3-style POST policy of the sandbox's file store: the fields step 1 hands out, and the check
/// an upload form must pass, refused as S3 refuses (its codes and messages).
///
/// The policy is a base64 JSON document (`expiration` and `conditions`), signed with a secret of
/// this server (HMAC-SHA256; S3 derives its key from the credential's date and region, which a
/// sandbox has no use for: a changed policy or signature fails just the same).
struct UploadPolicy: Sendable {
    static let bucket = "productive-files-sandbox"
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Why an upload is refused: the status and S3's error code and message.
    struct Refusal: Error, Sendable {
        var status: Int
        var code: String
        var message: String
    }

    /// This server's signing key (random at start: policies do not survive a restart, as they expire anyway).
    private let secret: [UInt8]
    let lifetime: Duration

    init(lifetime: Duration) {
        secret = (0..<32).map { _ in UInt8.random(in: 0...255) }
        self.lifetime = lifetime
    }

    /// The form fields for an upload of `size` bytes of `contentType` under `key`, in S3's order.
    func fields(key: String, contentType: String, size: Int, now: Date = Date()) -> [(String, String)] {
        let date = Self.compactDate(now)
        let credential = "SANDBOXACCESSKEY/\(date.prefix(8))/eu-west-1/s3/aws4_request"
        let expiration = Self.iso(now.addingTimeInterval(Double(lifetime.components.seconds)))
        let conditions: [Any] = [
            ["bucket": Self.bucket], ["key": key], ["success_action_status": "201"], ["Content-Type": contentType],
            ["x-amz-credential": credential], ["x-amz-algorithm": Self.algorithm], ["x-amz-date": date],
            ["content-length-range", size, size],
        ]
        let document = (try? JSONSerialization.data(withJSONObject: ["expiration": expiration, "conditions": conditions], options: [.sortedKeys])) ?? Data()
        let policy = document.base64EncodedString()
        return [
            ("key", key), ("success_action_status", "201"), ("Content-Type", contentType), ("x-amz-credential", credential),
            ("x-amz-algorithm", Self.algorithm), ("x-amz-date", date), ("policy", policy), ("x-amz-signature", signature(policy)),
        ]
    }

    /// Checks a form's fields (those before the file; S3 ignores what follows it) and the file's
    /// size. Returns the key to store the file under.
    func check(fields: [String: String], fileSize: Int, now: Date = Date()) throws(Refusal) -> String {
        guard let key = fields["key"] else {
            throw Refusal(status: 400, code: "InvalidArgument", message: "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.")
        }
        for name in ["policy", "x-amz-signature", "x-amz-credential", "x-amz-algorithm", "x-amz-date"] where fields[name] == nil {
            throw Refusal(status: 403, code: "AccessDenied", message: "Bucket POST must contain a field named '\(name)'.  If it is specified, please check the order of the fields.")
        }
        let policy = fields["policy"] ?? ""
        guard fields["x-amz-signature"] == signature(policy) else {
            throw Refusal(status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
        }
        guard let data = Data(base64Encoded: policy), let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let expiration = (document["expiration"] as? String).flatMap(Self.date), let conditions = document["conditions"] as? [Any] else {
            throw Refusal(status: 400, code: "InvalidPolicyDocument", message: "Invalid Policy: Invalid JSON.")
        }
        guard now < expiration else {
            throw Refusal(status: 403, code: "AccessDenied", message: "Invalid according to Policy: Policy expired.")
        }
        var covered: Set<String> = ["policy", "x-amz-signature"]
        for condition in conditions {
            if let pair = (condition as? [String: String])?.first {
                let (name, value) = (pair.key, pair.value)
                covered.insert(name.lowercased())
                let given = name == "bucket" ? Self.bucket : fields.first { $0.key.lowercased() == name.lowercased() }?.value
                guard given == value else {
                    throw Refusal(status: 403, code: "AccessDenied", message: "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$\(name)\", \"\(value)\"]")
                }
            } else if let range = condition as? [Any], range.first as? String == "content-length-range", range.count == 3,
                      let low = range[1] as? Int, let high = range[2] as? Int {
                if fileSize > high { throw Refusal(status: 400, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size") }
                if fileSize < low { throw Refusal(status: 400, code: "EntityTooSmall", message: "Your proposed upload is smaller than the minimum allowed size") }
            }
        }
        if let extra = fields.keys.sorted().first(where: { !covered.contains($0.lowercased()) && !$0.lowercased().hasPrefix("x-ignore-") }) {
            throw Refusal(status: 403, code: "AccessDenied", message: "Invalid according to Policy: Extra input fields: \(extra)")
        }
        return key
    }

    private func signature(_ policy: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(policy.utf8), using: SymmetricKey(data: secret)).map { String(format: "%02x", $0) }.joined()
    }

    /// `20261202T130000Z`.
    private static func compactDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    private static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    private static func date(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }
}
