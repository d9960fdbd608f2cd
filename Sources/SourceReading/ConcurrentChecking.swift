import Foundation
import Synchronization

/// One file for `Converter.checkAll` or `Converter.convertAll`.
public struct CheckInput: Sendable {
    /// The file's bytes, as `Converter.check(_:name:options:)` takes them.
    public var bytes: [UInt8]
    /// The file name, for the fallback title.
    public var name: String
    /// The options this file is checked with (its own `sourcePath`, link resolver...).
    public var options: ConversionOptions

    public init(bytes: [UInt8], name: String, options: ConversionOptions = ConversionOptions()) {
        self.bytes = bytes
        self.name = name
        self.options = options
    }
}

extension Converter {
    /// Checks many files on all cores. The result holds one document per input, in the order of
    /// `inputs`, each exactly what `check(_:name:options:)` returns for it alone.
    public static func checkAll(_ inputs: [CheckInput]) -> [CheckedDocument] {
        concurrentMap(inputs) { check($0.bytes, name: $0.name, options: $0.options) }
    }

    /// Reads and maps many files on all cores (the publish scan). The result holds one mapped
    /// document per input, in the order of `inputs`, each exactly what `map(_:name:options:)` returns.
    public static func mapAll(_ inputs: [CheckInput]) -> [MappedDocument] {
        concurrentMap(inputs) { map($0.bytes, name: $0.name, options: $0.options) }
    }

    /// Checks and writes many files on all cores. The result holds one conversion per input, in the
    /// order of `inputs`, each exactly what `convert(_:name:options:)` returns for it alone.
    public static func convertAll(_ inputs: [CheckInput]) -> [Conversion] {
        concurrentMap(inputs) { convert($0.bytes, name: $0.name, options: $0.options) }
    }

    /// `elements.map(transform)`, the elements shared out among the cores: one thread per core
    /// takes the next element until none is left. For the folder commands, whose files are
    /// independent: each is read, parsed and written by the thread that takes it.
    public static func concurrentMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @escaping @Sendable (Element) -> Result
    ) -> [Result] {
        let threads = min(elements.count, ProcessInfo.processInfo.activeProcessorCount)
        guard threads > 1 else { return elements.map(transform) }
        HTMLFragmentParser.prepareForThreads()
        let slots = ResultSlots<Result>(count: elements.count)
        let next = Atomic<Int>(0)
        let work: @Sendable () -> Void = {
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < elements.count else { return }
                slots.store(transform(elements[index]), at: index)
            }
        }
        // The calling thread works too, beside threads - 1 others.
        let finished = DispatchGroup()
        for _ in 1..<threads {
            finished.enter()
            let thread = Thread {
                work()
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        work()
        finished.wait()
        return slots.results()
    }
}

/// One slot per result, each written by exactly one iteration of `concurrentPerform`, read after all of them.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// Different indices may be stored from different threads at once (each index once).
    func store(_ result: Result, at index: Int) {
        storage[index] = result
    }

    /// Every result, in order: call once all have been stored.
    func results() -> [Result] {
        storage.map { $0! }
    }
}
