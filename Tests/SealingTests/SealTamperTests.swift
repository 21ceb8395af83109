import Foundation
import Inference
import Testing
@testable import Sealing

/// Every way of damaging a sealed file is refused with the error that names it.
@Suite struct SealTamperTests {
    /// A 1000-byte model in 64-byte chunks: 16 chunks, the last one short.
    struct Sealed {
        let f: SealingFixture
        let path: String
        let header: SealedModelHeader
        var chunkStride: Int { header.chunkSize + 16 }
        func chunkOffset(_ i: Int) -> Int { Int(header.offset(ofChunk: i)) }

        init() throws {
            f = try SealingFixture()
            let model = try f.writeFile("m.gguf", SealingFixture.bytes(1000, seed: 11))
            path = try f.seal(model, to: "m.sealed", chunkSize: 64)
            header = try SealedModelReader(path: path).header
        }

        func error(_ name: String, _ edit: (inout [UInt8]) throws -> Void) throws -> SealingError? {
            f.decryptError(try f.tampered(path, name, edit))
        }
    }

    @Test func intactFileOpens() throws {
        let s = try Sealed()
        #expect(s.header.chunkCount == 16)
        #expect(s.f.decryptError(s.path) == nil)
    }

    @Test func headerFieldEdits() throws {
        let s = try Sealed()
        #expect(try s.error("magic") { $0[0] ^= 1 } == .notSealedModel(path: s.f.path("magic")))
        #expect(try s.error("version") { $0[9] = 2 } == .unsupportedVersion(2))
        #expect(try s.error("suite") { $0[10] = 9 } == .unsupportedSuite(9))
        #expect(try s.error("layout") { $0[11] = 7 } == .unsupportedLayout(7))
        #expect(try s.error("layout-dir") { $0[11] = 1 } == .headerAuthenticationFailed)
        #expect(try s.error("chunk-size") { $0[15] ^= 0x10 } == .headerAuthenticationFailed)
        #expect(try s.error("chunk-size-huge") { $0[12] = 0xff } == .badChunkSize(Int(UInt32(0xff00_0040))))
        #expect(try s.error("plaintext-size") { $0[23] ^= 1 } == .plaintextSizeMismatch(header: 1001, manifest: 1000))
        #expect(try s.error("ephemeral") { $0[60] ^= 1 } == .headerAuthenticationFailed)
        let modelH = s.header.modelHash.hex
        let hashEdit = try s.error("model-hash") { $0[100] ^= 1 }
        guard case .manifestHashMismatch(let h, let m)? = hashEdit else {
            Issue.record("expected manifestHashMismatch"); return
        }
        #expect(m == modelH && h != modelH)
        #expect(try s.error("tag") { $0[s.header.size - 1] ^= 0x80 } == .headerAuthenticationFailed)
    }

    @Test func recipientEditReadsAsWrongKey() throws {
        let s = try Sealed()
        let recipientEdit = try s.error("recipient") { $0[30] ^= 1 }
        guard case .wrongKey(let sealedFor, let given)? = recipientEdit else {
            Issue.record("expected wrongKey"); return
        }
        #expect(given == s.f.key.publicKey.hex && sealedFor != given)
    }

    @Test func manifestEdits() throws {
        let s = try Sealed()
        // A digest character changed into another lowercase hex digit: the stated modelH no longer matches.
        let tab = s.header.encoded[..<(s.header.size - 32)].lastIndex(of: 0x09)!
        let e = try s.error("manifest") { $0[tab + 1] = $0[tab + 1] == 0x30 ? 0x31 : 0x30 }
        guard case .manifestHashMismatch? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(try s.error("manifest-garbage") { $0[tab] = 0x20 } == .malformedManifest("line 1 is not '<path>\\t<size>\\t<64 hex>'"))
    }

    @Test func flippedByteInEveryChunkAndTag() throws {
        let s = try Sealed()
        for i in 0..<s.header.chunkCount {
            let n = s.header.plaintextCount(ofChunk: i)
            #expect(try s.error("c\(i)") { $0[s.chunkOffset(i) + n / 2] ^= 4 } == .chunkAuthenticationFailed(index: i, count: 16))
            #expect(try s.error("t\(i)") { $0[s.chunkOffset(i) + n + 15] ^= 1 } == .chunkAuthenticationFailed(index: i, count: 16))
        }
    }

    @Test func truncationAndTrailingData() throws {
        let s = try Sealed()
        let size = UInt64(s.header.sealedFileSize)
        #expect(try s.error("cut1") { $0.removeLast() } == .truncated(expected: size, actual: size - 1))
        // The whole last chunk (40 bytes + tag) gone: the cut lands on a chunk boundary.
        #expect(try s.error("cut-last") { $0.removeLast(40 + 16) } == .truncated(expected: size, actual: size - 56))
        #expect(try s.error("cut-all") { $0.removeLast($0.count - s.header.size) } == .truncated(expected: size, actual: UInt64(s.header.size)))
        #expect(try s.error("append") { $0.append(0) } == .trailingData(expected: size, actual: size + 1))
    }

    @Test func droppedReorderedDuplicatedChunks() throws {
        let s = try Sealed()
        let w = s.chunkStride
        let size = UInt64(s.header.sealedFileSize)
        #expect(try s.error("drop") { $0.removeSubrange(s.chunkOffset(3)..<(s.chunkOffset(3) + w)) } == .truncated(expected: size, actual: size - UInt64(w)))
        #expect(try s.error("swap") { b in
            let c1 = Array(b[s.chunkOffset(1)..<(s.chunkOffset(1) + w)]), c2 = Array(b[s.chunkOffset(2)..<(s.chunkOffset(2) + w)])
            b.replaceSubrange(s.chunkOffset(1)..<(s.chunkOffset(1) + w), with: c2)
            b.replaceSubrange(s.chunkOffset(2)..<(s.chunkOffset(2) + w), with: c1)
        } == .chunkAuthenticationFailed(index: 1, count: 16))
        #expect(try s.error("dup-replace") { b in
            let c1 = Array(b[s.chunkOffset(1)..<(s.chunkOffset(1) + w)])
            b.replaceSubrange(s.chunkOffset(2)..<(s.chunkOffset(2) + w), with: c1)
        } == .chunkAuthenticationFailed(index: 2, count: 16))
        #expect(try s.error("dup-insert") { b in
            b.insert(contentsOf: Array(b[s.chunkOffset(1)..<(s.chunkOffset(1) + w)]), at: s.chunkOffset(2))
        } == .trailingData(expected: size, actual: size + UInt64(w)))
        // A full chunk moved into the last position (the last flag differs) after dropping the real last one.
        #expect(try s.error("full-as-last") { b in
            b.removeLast(40 + 16)
            b.append(contentsOf: Array(b[s.chunkOffset(0)..<(s.chunkOffset(0) + 40 + 16)]))
        } == .chunkAuthenticationFailed(index: 15, count: 16))
    }

    @Test func splicedFromAnotherSealedFile() throws {
        let s = try Sealed()
        // The same model sealed again for the same key: same header fields except the ephemeral key.
        let other = try s.f.seal(s.f.path("m.gguf"), to: "other.sealed", chunkSize: 64)
        let otherBytes = try s.f.read(other)
        #expect(try s.error("splice-chunk") { b in
            b.replaceSubrange(s.chunkOffset(5)..<(s.chunkOffset(5) + s.chunkStride), with: otherBytes[s.chunkOffset(5)..<(s.chunkOffset(5) + s.chunkStride)])
        } == .chunkAuthenticationFailed(index: 5, count: 16))
        #expect(try s.error("splice-header") { b in
            b.replaceSubrange(0..<s.header.size, with: otherBytes[0..<s.header.size])
        } == .chunkAuthenticationFailed(index: 0, count: 16))
    }

    @Test func wrongSecretKey() throws {
        let s = try Sealed()
        let other = ModelSecretKey()
        #expect(s.f.decryptError(s.path, key: other) == .wrongKey(sealedFor: s.f.key.publicKey.hex, given: other.publicKey.hex))
        let reader = try SealedModelReader(path: s.path)
        #expect(reader.isSealed(for: s.f.key.publicKey))
        #expect(!reader.isSealed(for: other.publicKey))
        #expect(throws: SealingError.wrongKey(sealedFor: s.f.key.publicKey.hex, given: other.publicKey.hex)) { try reader.verifyKey(other) }
        try reader.verifyKey(s.f.key)
    }

    /// A sealer that records a manifest which is not that of the content is caught by hashing.
    @Test func lyingManifestIsCaught() throws {
        let f = try SealingFixture()
        let model = try f.writeFile("m.gguf", SealingFixture.bytes(500, seed: 12))
        let lie = try ModelManifest(entries: [.init(path: "m.gguf", size: 500, sha256: [UInt8](repeating: 7, count: 32))])
        try ModelSealer(chunkSize: 64).seal(modelAt: model, for: f.key.publicKey, to: f.path("lie.sealed"), manifest: lie)
        guard case .contentHashMismatch(let path, _, _)? = f.decryptError(f.path("lie.sealed")) else {
            Issue.record("expected contentHashMismatch"); return
        }
        #expect(path == "m.gguf")
        #expect(throws: SealingError.self) { try SealedModelReader(path: f.path("lie.sealed")).unseal(with: f.key, to: f.path("out")) }
        #expect(!FileManager.default.fileExists(atPath: f.path("out")))
    }

    @Test func notASealedFile() throws {
        let f = try SealingFixture()
        let p = try f.writeFile("plain.gguf", Array("GGUF and more bytes".utf8))
        #expect(throws: SealingError.notSealedModel(path: p)) { try SealedModelReader(path: p) }
        let short = try f.writeFile("short", Array("DCMLSEAL".utf8) + [0, 1])
        #expect(throws: SealingError.headerTooShort(needed: 124, actual: 10)) { try SealedModelReader(path: short) }
    }
}
