import Crypto
import Foundation
import Inference

/// A model on disk (a GGUF file or a directory) opened for sealing or hashing: its files in
/// manifest order, each open once, read as one plaintext stream.
///
/// Walks directories by the rules of ``ModelManifest/of(path:)`` (recursive, regular files only,
/// symbolic links refused) so both produce the same manifest; this type only reads faster
/// (large positional reads on worker threads overlapping the hashing, no per-read allocation).
final class ModelSource: @unchecked Sendable {
    let root: String
    let layout: SealedModelFormat.Layout
    let plaintext: PlaintextLayout
    private let descriptors: [FileDescriptor]
    private let initialStatus: [(size: UInt64, modified: Int, changedNanos: Int, mode: UInt32)]

    init(path: String) throws(SealingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .modelNotFound(path) }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        root = url.path
        var found = [(path: String, absolute: String)]()
        if isDirectory.boolValue {
            layout = .directory
            guard let walker = FileManager.default.enumerator(atPath: url.path) else {
                throw .manifest(ModelManifestError.unreadable(path: path, reason: "cannot list the directory").description)
            }
            while let relative = walker.nextObject() as? String {
                let full = url.path + "/" + relative
                let type: FileAttributeType?
                do { type = try FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType } catch {
                    throw .manifest(ModelManifestError.unreadable(path: full, reason: "\(error)").description)
                }
                if type == .typeDirectory { continue }
                guard type == .typeRegular else { throw .manifest(ModelManifestError.notRegularFile(relative).description) }
                found.append((relative, full))
            }
        } else {
            layout = .file
            found = [(url.lastPathComponent, url.path)]
        }
        found.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        var fds = [FileDescriptor]()
        var status = [(size: UInt64, modified: Int, changedNanos: Int, mode: UInt32)]()
        for f in found {
            let fd = try FileDescriptor.reading(f.absolute)
            fd.adviseSequential()
            fds.append(fd)
            status.append(try fd.status())
        }
        descriptors = fds
        initialStatus = status
        plaintext = PlaintextLayout(sortedFiles: zip(found, status).map { ($0.0.path, $0.1.size) })
    }

    /// Reads stream bytes `offset ..< offset + buffer.count` into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(SealingError) {
        for s in plaintext.segments(offset: offset, count: buffer.count) {
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[s.bufferOffset..<(s.bufferOffset + s.count)])
            let n = try descriptors[s.file].read(into: piece, at: s.fileOffset)
            guard n == s.count else { throw .inputChanged(descriptors[s.file].path) }
        }
    }

    /// Throws if any file's size or modification time moved since it was opened.
    func checkUnchanged() throws(SealingError) {
        for (fd, before) in zip(descriptors, initialStatus) {
            let now = try fd.status()
            guard now.size == before.size, now.modified == before.modified, now.changedNanos == before.changedNanos else {
                throw .inputChanged(fd.path)
            }
        }
    }

    /// The manifest (and so modelH): every file read once, in chunks read by `workers` threads
    /// while this thread hashes them in order.
    func manifest(chunkSize: Int = 4 << 20, workers: Int = 2,
                  progress: ((UInt64, UInt64) -> Void)? = nil) throws(SealingError) -> ModelManifest {
        let total = plaintext.totalSize
        let count = total == 0 ? 0 : Int((total + UInt64(chunkSize) - 1) / UInt64(chunkSize))
        let window = workers + 2
        let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: window * chunkSize, alignment: 4096)
        defer { buffers.deallocate() }
        let base = UncheckedPointer(buffers.baseAddress!)
        var accumulator = ManifestAccumulator(layout: plaintext)
        let pipeline = ChunkPipeline(count: count, window: window)
        try pipeline.run(workers: workers, work: { [self] index, slot throws(SealingError) in
            let offset = UInt64(index) * UInt64(chunkSize)
            let n = Int(min(UInt64(chunkSize), total - offset))
            try read(into: UnsafeMutableRawBufferPointer(start: base.pointer + slot * chunkSize, count: n), at: offset)
        }, consume: { index, slot throws(SealingError) in
            let offset = UInt64(index) * UInt64(chunkSize)
            let n = Int(min(UInt64(chunkSize), total - offset))
            accumulator.update(UnsafeRawBufferPointer(start: base.pointer + slot * chunkSize, count: n), at: offset)
            progress?(offset + UInt64(n), total)
        })
        try checkUnchanged()
        return try accumulator.manifest()
    }
}

/// A raw pointer shared with worker threads that write disjoint ranges of it.
struct UncheckedPointer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}
