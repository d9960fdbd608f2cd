import ProductiveFormat

extension BlockSource: BlockOrigin {}

extension MappedDocument {
    /// The mapped model as an indented tree with where each block was read from
    /// (`Document.treeDump(origins:)`); nil when the file held no document.
    public func treeDump() -> String? {
        document?.treeDump(origins: sources)
    }
}
