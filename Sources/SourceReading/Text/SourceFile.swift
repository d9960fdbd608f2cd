#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file's bytes straight into the array the pipeline keeps: for a regular file, `read(2)`
/// into the array's own storage, with no intermediate `Data` and no second copy.
public enum SourceFile {
    /// The largest file read: cmark-gfm's buffer sizes and the syntax tree's ranges are 32-bit,
    /// and no page is anywhere near it. A larger file is refused before it is read.
    public static let maximumBytes = 1 << 30

    /// Why a file could not be read.
    public struct ReadError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): cannot read this file (\(reason))" }
    }

    /// The bytes of the file at `path`.
    public static func bytes(atPath path: String, limit: Int = maximumBytes) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        return try bytes(reading: descriptor, path: path, limit: limit)
    }

    /// The bytes of an open file (standard input too), read to its end. `path` names it in errors.
    /// More than `limit` bytes: an error, and reading stops there (a pipe is not read to its end).
    public static func bytes(reading descriptor: Int32, path: String, limit: Int = maximumBytes) throws(ReadError) -> [UInt8] {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw ReadError(path: path, reason: "it is a folder") }
        if (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) > limit { throw tooLarge(path, limit) }
        var failure: Int32 = 0
        // A regular file's size, read in place; a pipe says 0 and a file may grow while it is read,
        // so what follows is read in chunks until the end.
        var bytes = [UInt8](unsafeUninitializedCapacity: (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : 0) { buffer, initialized in
            initialized = readFully(descriptor, into: buffer, failure: &failure)
        }
        if failure == 0 {
            // A scratch chunk on the stack, never cleared: for a regular file read whole, one read
            // that returns 0 (no 64 KB array made and zeroed per file of a folder).
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64 << 10) { chunk throws(ReadError) in
                while true {
                    let count = readFully(descriptor, into: chunk, failure: &failure)
                    if count > 0 { bytes.append(contentsOf: chunk[..<count]) }
                    if bytes.count > limit { throw tooLarge(path, limit) }
                    if count < chunk.count { break }
                }
            }
        }
        if failure != 0 { throw ReadError(path: path, reason: String(cString: strerror(failure))) }
        return bytes
    }

    private static func tooLarge(_ path: String, _ limit: Int) -> ReadError {
        let size = limit >= 1 << 30 ? "\(limit >> 30) GiB" : "\(limit >> 20) MB"
        return ReadError(path: path, reason: "larger than \(size), too large to be a page")
    }

    /// Fills `buffer` from `descriptor` until it is full or the file ends: the number of bytes read.
    /// An interrupted read is retried; another failure stops with its `errno` in `failure`.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, failure: inout Int32) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                failure = errno
                break
            }
        }
        return filled
    }
}
