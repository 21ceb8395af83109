import Foundation
import Inference

/// A model's files in manifest order, seen as one stream of bytes: the plaintext that is sealed.
/// Maps a range of that stream to pieces of files (a chunk may span several small files).
struct PlaintextLayout {
    struct File {
        /// Relative path as it appears in the manifest.
        var path: String
        var size: UInt64
        /// Offset of the file's first byte in the stream.
        var start: UInt64
    }

    /// A piece of one file inside a stream range.
    struct Segment {
        var file: Int
        var fileOffset: UInt64
        /// Offset within the range (e.g. within the chunk buffer).
        var bufferOffset: Int
        var count: Int
    }

    let files: [File]
    let totalSize: UInt64

    /// Files in manifest order (sorted by the UTF-8 bytes of the path).
    init(sortedFiles: [(path: String, size: UInt64)]) {
        var start: UInt64 = 0
        var out = [File]()
        for f in sortedFiles {
            out.append(File(path: f.path, size: f.size, start: start))
            start += f.size
        }
        files = out
        totalSize = start
    }

    init(manifest: ModelManifest) {
        self.init(sortedFiles: manifest.entries.map { ($0.path, $0.size) })
    }

    /// The pieces of files that make up stream bytes `offset ..< offset + count`.
    func segments(offset: UInt64, count: Int) -> [Segment] {
        guard count > 0 else { return [] }
        // Binary search for the last file starting at or before `offset` with bytes left.
        var lo = 0, hi = files.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if files[mid].start <= offset { lo = mid } else { hi = mid - 1 }
        }
        var out = [Segment]()
        var position = offset
        let end = offset + UInt64(count)
        var i = lo
        while position < end && i < files.count {
            let f = files[i]
            let fileEnd = f.start + f.size
            if fileEnd > position {
                let take = min(fileEnd, end) - position
                out.append(Segment(file: i, fileOffset: position - f.start, bufferOffset: Int(position - offset), count: Int(take)))
                position += take
            }
            i += 1
        }
        return out
    }
}
