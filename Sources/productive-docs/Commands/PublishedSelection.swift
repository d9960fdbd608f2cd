import DocsSync
import Foundation

/// What `pull FILE...` and `diff` work on: a published docs folder (every published file in it), or
/// files of one published folder.
struct PublishedSelection {
    var context: FileContext
    /// The files relative to the folder; empty: every published file.
    var files: [String]
    var root: URL
    var manifestPath: String

    /// Resolves `paths`: one folder holding a manifest, or existing files under one manifest; the
    /// settings are the folder's with `target`'s flags over them.
    static func resolve(_ paths: [String], target: TargetOptions) throws -> PublishedSelection {
        var selection = try locate(paths, explicitConfig: target.config, manifest: target.manifest)
        selection.context.config = try DocsConfig.resolved(file: selection.context.config, flags: target.flags(over: ConfigOverrides(), target: false))
        return selection
    }

    private static func locate(_ paths: [String], explicitConfig: String?, manifest explicitManifest: String?) throws -> PublishedSelection {
        let targets = paths.isEmpty ? ["."] : paths
        for path in targets where !FileManager.default.fileExists(atPath: path) {
            throw SyncError("\(path): no such file or folder")
        }
        var isDirectory: ObjCBool = false
        if targets.count == 1, FileManager.default.fileExists(atPath: targets[0], isDirectory: &isDirectory), isDirectory.boolValue {
            let folder = URL(fileURLWithPath: targets[0]).standardizedFileURL
            let manifestPath = explicitManifest ?? folder.appendingPathComponent(Manifest.defaultFileName).path
            guard FileManager.default.fileExists(atPath: manifestPath) else {
                throw SyncError("\(targets[0]): not a published folder (no \(Manifest.defaultFileName)): publish it first, or pull a tree into an empty folder with --root-page")
            }
            let context = try FileContext.discover(for: folder.appendingPathComponent(Manifest.defaultFileName).path, explicitConfig: explicitConfig)
            return PublishedSelection(context: context, files: [], root: folder, manifestPath: manifestPath)
        }
        let context = try FileContext.discover(for: targets[0], explicitConfig: explicitConfig)
        guard let root = context.root, let manifestPath = explicitManifest ?? context.manifestPath else {
            throw SyncError("\(targets[0]): not in a published folder (no \(Manifest.defaultFileName) above it): publish it first, or pull a tree into an empty folder with --root-page")
        }
        var files: [String] = []
        for path in targets {
            guard let relative = context.relativePath(of: path) else {
                throw SyncError("\(path): not in the published folder \(root.path) (give the files of one folder at a time)")
            }
            files.append(relative)
        }
        return PublishedSelection(context: context, files: files, root: root, manifestPath: manifestPath)
    }
}
