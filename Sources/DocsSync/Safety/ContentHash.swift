import Crypto
import Foundation

/// SHA-256 of text, as lowercase hex: how the manifest records payloads and landed bodies.
enum ContentHash {
    static func hex(_ text: String) -> String {
        hex(bytes: Array(text.utf8))
    }

    /// SHA-256 of bytes (a local file uploaded as an attachment), as lowercase hex.
    static func hex(bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
