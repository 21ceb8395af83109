import Inference
import Testing
@testable import Sealing

@Suite struct SealedModelHeaderTests {
    let key = ModelSecretKey()

    func header(_ entries: [ModelManifest.Entry], layout: SealedModelFormat.Layout = .directory) throws -> [UInt8] {
        let manifest = try ModelManifest(entries: entries)
        return SealedModelHeader.encodeUnsigned(layout: layout, chunkSize: 64, manifest: manifest,
                                                recipient: key.publicKey, ephemeral: ModelSecretKey().publicKey)
            + [UInt8](repeating: 0, count: 32)
    }

    @Test func refusesPathsThatLeaveTheOutputDirectory() throws {
        for bad in ["../evil", "a/../../evil", "a//b", "./a", "a/."] {
            let bytes = try header([.init(path: bad, size: 1, sha256: [UInt8](repeating: 1, count: 32))])
            #expect(throws: SealingError.unsafeModelPath(bad)) { try SealedModelHeader(parsing: bytes) }
        }
    }

    @Test func singleFileLayoutHasOneEntry() throws {
        let entries: [ModelManifest.Entry] = [.init(path: "a", size: 1, sha256: [UInt8](repeating: 1, count: 32)),
                                              .init(path: "b", size: 1, sha256: [UInt8](repeating: 2, count: 32))]
        #expect(throws: SealingError.malformedManifest("a single-file model has 2 entries, expected 1")) {
            try SealedModelHeader(parsing: try header(entries, layout: .file))
        }
    }

    @Test func manifestLengthIsKnownBeforeHashing() throws {
        let entries: [ModelManifest.Entry] = [.init(path: "weights/ü.bin", size: 1_234_567, sha256: [UInt8](repeating: 1, count: 32)),
                                              .init(path: "a", size: 0, sha256: [UInt8](repeating: 2, count: 32))]
        let manifest = try ModelManifest(entries: entries)
        #expect(SealedModelHeader.manifestLength(manifest.entries.map { ($0.path, $0.size) }) == manifest.canonicalBytes.count)
    }

    @Test func parsesWhatItEncodes() throws {
        let bytes = try header([.init(path: "m.gguf", size: 1000, sha256: [UInt8](repeating: 3, count: 32))], layout: .file)
        let h = try SealedModelHeader(parsing: bytes + [9, 9, 9])
        #expect(h.size == bytes.count)
        #expect(h.chunkCount == 16)
        #expect(h.sealedFileSize == UInt64(bytes.count) + 1000 + 16 * 16)
        #expect(h.recipient == key.publicKey)
        #expect(h.offset(ofChunk: 2) == UInt64(bytes.count + 2 * 80))
    }

    @Test func hasherMatchesModelManifestForAFile() throws {
        let f = try SealingFixture()
        let p = try f.writeFile("x.gguf", SealingFixture.bytes(10_001, seed: 3))
        // Small read chunks so that the in-order hashing crosses many chunk boundaries.
        #expect(try ModelSource(path: p).manifest(chunkSize: 1000) == (try ModelManifest.of(path: p)))
        #expect(try ModelHasher.manifest(of: p) == (try ModelManifest.of(path: p)))
    }

    @Test func layoutSegmentsSpanFiles() {
        let layout = PlaintextLayout(sortedFiles: [("a", 10), ("b", 0), ("c", 5), ("d", 20)])
        let s = layout.segments(offset: 8, count: 10)
        #expect(s.map(\.file) == [0, 2, 3])
        #expect(s.map(\.fileOffset) == [8, 0, 0])
        #expect(s.map(\.bufferOffset) == [0, 2, 7])
        #expect(s.map(\.count) == [2, 5, 3])
    }
}
