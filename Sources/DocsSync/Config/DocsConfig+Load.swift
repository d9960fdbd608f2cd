import Foundation
import ProductiveFormat
import SourceReading
import Yams

extension DocsConfig {
    /// Reads a config file; unknown keys and wrong types are errors that name the file and the key.
    public static func load(_ path: String) throws -> DocsConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SyncError("\(path): cannot read (\(error.localizedDescription))")
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw SyncError("\(path): not valid YAML: \(error)")
        }
        var config = DocsConfig()
        guard let loaded else { return config }
        guard let map = loaded as? [AnyHashable: Any] else { throw SyncError("\(path): expected a mapping of settings") }
        for (key, value) in map {
            try config.set(SettingValue(key: "\(key.base)", value: value, path: path), text: text)
        }
        try config.validate(path)
        return config
    }

    /// Sets the setting `setting` names; `text` is the whole file (the `lint:` section is read from it).
    private mutating func set(_ setting: SettingValue, text: String) throws {
        let path = setting.path
        switch setting.key {
        case "project", "project_id": projectID = try setting.string()
        case "root_page", "root_page_id": rootPageID = try setting.string()
        case "include": include = try setting.strings()
        case "exclude": exclude = try setting.strings()
        case "format": format = try setting.choice(OutputFormat.self, "markdown, html or auto")
        case "heading_fallback": headingFallback = try setting.choice(ConversionOptions.HeadingFallback.self, "h3 or bold")
        case "title_heading": titleHeading = try setting.choice(ConversionOptions.TitleHeading.self, "drop or keep")
        case "asset_base_url": assetBaseURL = try setting.string()
        case "images": images = try setting.choice(ImageMode.self, "upload, link or text")
        case "attachment_max_mb": attachmentMaxMB = try setting.int()
        case "page_url_template": pageURLTemplate = try setting.string()
        case "concurrency": concurrency = try setting.int()
        case "rate_limit": rateLimit = try setting.int()
        case "rate_limit_per_30_minutes": rateLimitPer30Minutes = try setting.int()
        case LintSettings.key: lint = try LintSettings.parse(yaml: text, path: path)
        case SharingConfig.key: sharing = try SharingConfig.parse(setting.value, path: path)
        case "mentions":
            guard let flag = setting.value as? Bool else { throw SyncError("\(path): `mentions` is true or false") }
            mentions = flag
        case "nav": nav = try Self.navPaths(setting.value, path: path)
        default: throw SyncError("\(path): unknown setting `\(setting.key)`")
        }
    }
}

/// One setting of a config file as YAML read it, with readers that name the file and the key when
/// the value is of the wrong type.
struct SettingValue {
    let key: String
    let value: Any
    let path: String

    func string() throws -> String {
        if let string = value as? String { return string }
        if let number = value as? Int { return String(number) }
        throw SyncError("\(path): `\(key)` must be a string")
    }

    func int() throws -> Int {
        guard let number = value as? Int, number > 0 else { throw SyncError("\(path): `\(key)` must be a positive number") }
        return number
    }

    func strings() throws -> [String] {
        if value is NSNull { return [] }
        if let list = value as? [Any] {
            return try list.map { item in
                guard let string = item as? String else { throw SyncError("\(path): `\(key)` must be a list of globs") }
                return string
            }
        }
        if let string = value as? String { return [string] }
        throw SyncError("\(path): `\(key)` must be a list of globs")
    }

    /// One of `Choice`'s raw values; else an error listing `allowed`.
    func choice<Choice: RawRepresentable>(_ type: Choice.Type, _ allowed: String) throws -> Choice where Choice.RawValue == String {
        guard let choice = Choice(rawValue: try string()) else { throw SyncError("\(path): `\(key)` is \(allowed)") }
        return choice
    }
}
