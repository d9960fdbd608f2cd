import Foundation

/// The tool's own files in a docs folder (the manifest, its journal and lock, their temporary files,
/// the conflict copies pull writes): opened with `O_NOFOLLOW` and used only when they are regular
/// files. A committed symbolic link (`.productive-docs.json.lock -> ~/.bashrc`) or a named pipe in
/// their place is an error naming the file; nothing is ever written through a link, so nothing the
/// tool writes lands outside the folder.
public enum OwnFile {
    /// Opens `path` (`flags` as for `open(2)`, `O_NOFOLLOW` and `O_CLOEXEC` added) and checks that it
    /// is a regular file. `what` names the file in messages ("the manifest journal").
    public static func open(_ path: String, _ flags: Int32, what: String) throws -> Int32 {
        let descriptor = Glibc.open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP { throw notRegular(path, what: what, kind: "a symbolic link") }
            throw SyncError("\(path): cannot open \(what) (\(String(cString: strerror(code))))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            let kind = kindName(status.st_mode)
            Glibc.close(descriptor)
            throw notRegular(path, what: what, kind: kind)
        }
        // Back to blocking writes: O_NONBLOCK was only there so that opening a pipe cannot hang.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }

    /// The whole file, or nil when there is none. Refuses anything but a regular file.
    public static func read(_ path: String, what: String) throws -> Data? {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw SyncError("\(path): cannot read \(what) (\(String(cString: strerror(errno))))")
        }
        let descriptor = try open(path, O_RDONLY, what: what)
        defer { Glibc.close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw SyncError("\(path): cannot read \(what) (\(String(cString: strerror(errno))))") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// Replaces `path` with `data`, never half-written: written to `temporary` (beside it), flushed
    /// to disk, then renamed over `path`. A link or anything but a regular file at `path` is refused.
    public static func replace(_ path: String, with data: Data, temporary: String, what: String) throws {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw notRegular(path, what: what, kind: kindName(status.st_mode))
        }
        do {
            let descriptor = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC, what: what)
            defer { Glibc.close(descriptor) }
            try writeAll(descriptor, Array(data), path: path, what: what)
            guard fsync(descriptor) == 0 else { throw SyncError("\(path): cannot write \(what) (\(String(cString: strerror(errno))))") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SyncError("\(path): cannot write \(what) (\(String(cString: strerror(code))))")
        }
        syncFolder(of: path)
    }

    /// Creates `path` holding `data` only when nothing has that name yet (`O_EXCL`: never replaces a
    /// file, and never follows a link). False when the name is taken.
    public static func create(_ path: String, with data: Data, what: String) throws -> Bool {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { return false }
            throw SyncError("\(path): cannot write \(what) (\(String(cString: strerror(errno))))")
        }
        defer { Glibc.close(descriptor) }
        do {
            try writeAll(descriptor, Array(data), path: path, what: what)
        } catch {
            unlink(path)
            throw error
        }
        return true
    }

    /// Writes every byte (retrying short writes and EINTR); an error names `path` and the cause
    /// (e.g. "No space left on device").
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String, what: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SyncError("\(path): cannot write \(what) (\(String(cString: strerror(errno))))")
            }
            offset += count
        }
    }

    /// Flushes the folder holding `path` (a rename is durable only then). Best effort.
    static func syncFolder(of path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        Glibc.close(descriptor)
    }

    private static func notRegular(_ path: String, what: String, kind: String) -> SyncError {
        SyncError("\(path): \(what) is \(kind), not a regular file; productive-docs never reads or writes its own files through a link or a device: remove it (a regular file is made again)")
    }

    private static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: "a symbolic link"
        case S_IFDIR: "a folder"
        case S_IFIFO: "a named pipe"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}
