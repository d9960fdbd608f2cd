import Crypto
import Foundation

/// SHA-256 of text, as lowercase hex: how the manifest records payloads and landed bodies.
enum ContentHash {
    static func hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
