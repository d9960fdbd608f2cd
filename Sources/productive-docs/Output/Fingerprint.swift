/// A stable 64-bit FNV-1a hash, as 16 hexadecimal digits: the same text gives the same fingerprint
/// on every run and platform (unlike `Hasher`, which is seeded per process).
enum Fingerprint {
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
