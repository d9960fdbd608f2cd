import ProductiveAPI
import ProductiveFormat

/// Replacing a page's body, and judging what landed (`WriteVerification`).
extension Publisher {
    /// Sends `rendered` as the body of page `id` (known to be at version `from`) and records the
    /// write in the manifest, its write intent first.
    ///
    /// A page that holds a form of the payload that loses no word is sent the payload once more;
    /// when it comes back in the same canonical form (or in the form the manifest recorded as
    /// landed by an earlier write), Productive insists on that form: the write is `accepted`, and
    /// the manifest records the payload's hash with the landed one, so the next run does not send
    /// it again. A lost word or block is never accepted.
    /// An image or link at one of `attachmentURLs` with another query string is the attachment sent.
    func replaceBody(
        of key: String, with rendered: RenderedPage, id: String, from: Int?, store: ManifestStore, writes: WriteCounter, attachmentURLs: [String] = []
    ) async throws -> WriteVerification {
        guard var entry = await store.manifest.pages[key] else { return .notVerified("the page has no manifest entry") }
        let kind: ProductiveClient.BodyWrite = rendered.format == .html ? .replaceWithHTML : .replaceWithMarkdown
        var version = from
        var landing = WriteVerification.verified
        for _ in 0..<2 {
            let recordedLanding = entry.landedHash
            entry.writeIntent = Manifest.WriteIntent(hash: rendered.hash, fromVersion: version)
            try await store.set(key, entry)
            let written = try await client.write(
                kind, rendered.payload, to: id, currentVersion: .known(version),
                landed: WriteVerification.check(sent: rendered.sent, attachmentURLs: attachmentURLs)
            )
            await writes.add()
            landing = WriteVerification.replace(sent: rendered.sent, answer: written.body, attachmentURLs: attachmentURLs)
            if case .differs(let difference) = landing, !difference.isLoss, difference.landedHash == recordedLanding {
                landing = .accepted(difference)
            }
            entry.record(landing, sentHash: rendered.hash)
            entry.format = rendered.format
            entry.versionNumber = written.versionNumber
            entry.writeIntent = nil
            try await store.set(key, entry)
            version = written.versionNumber
            guard case .differs(let difference) = landing, !difference.isLoss else { break }
        }
        return landing
    }
}

extension LandingDifference {
    /// The warning for a form Productive insists on, as a page's result says it.
    var acceptedWarning: String {
        "warning: Productive stores this page in its own form (\(summary)); it stored the same form when sent again: accepted, not sent again"
    }
}
