import Crypto
import Foundation

/// SHA-256 of text, as lowercase hex: how the manifest records payloads and landed bodies.
enum ContentHash {
    static func hex(_ text: String) -> String {
        hex(bytes: Array(text.utf8))
    }

    /// SHA-256 of bytes (a local file uploaded as an attachment), as lowercase hex.
    static func hex(bytes: [UInt8]) -> String {
        // Two digits per byte from a table: `String(format:)` per byte was 6 % of a plan of 7,000 pages.
        let digits = Array("0123456789abcdef".utf8)
        let digest = SHA256.hash(data: bytes)
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { out in
            for (index, byte) in digest.enumerated() {
                out[2 * index] = digits[Int(byte >> 4)]
                out[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return SHA256.byteCount * 2
        }
    }
}
