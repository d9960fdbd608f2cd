import Foundation
import ProductiveAPI

/// Errors as one clean line for people: the message of our own errors, the system's reason for
/// file errors, never an `NSError` or `DecodingError` dump.
enum ErrorText {
    static func clean(_ error: any Error) -> String {
        if let error = error as? SyncError { return error.description }
        if let error = error as? ProductiveAPIError { return Printable.escaped(error.description) }
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        let text = nsError.localizedDescription
        return Printable.escaped(text.isEmpty ? "error \(nsError.code)" : text)
    }
}
