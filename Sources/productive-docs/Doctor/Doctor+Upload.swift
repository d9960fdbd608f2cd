import Foundation
import ProductiveAPI

extension Doctor {
    /// The file store that attachments go to (`PRODUCTIVE_UPLOAD_URL`, step 2 of an upload): one
    /// `HEAD` without the token. Any HTTP answer proves it reachable (an S3 bucket answers 403 or
    /// 405 to an anonymous `HEAD`); a refused connection, a DNS or TLS failure or no answer fails,
    /// and so does a 5xx (the store is failing now, so uploads would too).
    static func uploadCheck(_ probe: ConnectionProbe, configuration: ProductiveConfiguration) async -> DoctorCheck {
        let url = configuration.uploadURL
        let hint = "check PRODUCTIVE_UPLOAD_URL (unset: \(ProductiveConfiguration.defaultUploadURL)), the network and any proxy: publish uploads local images and linked files there"
        let answer: (status: Int, elapsed: Duration)
        do {
            answer = try await probe.reach(url)
        } catch {
            return .fail("upload URL", "\(url) unreachable: \(reason(error))", hint: hint)
        }
        let reached = "\(url) answered HTTP \(answer.status) in \(milliseconds(answer.elapsed)) ms"
        guard answer.status < 500 else {
            return .fail("upload URL", reached, hint: "the file store is failing at the moment: uploads would fail too; try again later")
        }
        return .ok("upload URL", reached + (answer.status >= 400 ? " (a file store refuses an anonymous HEAD: reachable)" : ""))
    }
}
