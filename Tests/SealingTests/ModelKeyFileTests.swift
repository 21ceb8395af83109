import Foundation
import Testing
@testable import Sealing

@Suite struct ModelKeyFileTests {
    @Test func writesMode0600AndReadsBack() throws {
        let f = try SealingFixture()
        let path = f.path("model.key")
        try ModelKeyFile.write(f.key, to: path)
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.uint16Value
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n"))
        let back = try ModelKeyFile.read(path)
        #expect(back.publicKey == f.key.publicKey)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.root) == ["model.key"])
    }

    @Test func refusesToOverwrite() throws {
        let f = try SealingFixture()
        let path = f.path("model.key")
        try ModelKeyFile.write(f.key, to: path)
        #expect(throws: SealingError.keyFileExists(path)) { try ModelKeyFile.write(ModelSecretKey(), to: path) }
        #expect(try ModelKeyFile.read(path).publicKey == f.key.publicKey)
    }

    @Test func refusesKeyReadableByOthers() throws {
        let f = try SealingFixture()
        let path = f.path("model.key")
        try ModelKeyFile.write(f.key, to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: SealingError.keyFileTooOpen(path: path, mode: 0o100644)) { try ModelKeyFile.read(path) }
    }

    @Test func refusesMalformedKey() throws {
        let f = try SealingFixture()
        let path = try f.writeFile("bad.key", Array("abc\n".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(throws: SealingError.malformedKeyFile(path: path, reason: "3 characters")) { try ModelKeyFile.read(path) }
        let nonHex = try f.writeFile("nonhex.key", Array(String(repeating: "z", count: 64).utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: nonHex)
        #expect(throws: SealingError.malformedKeyFile(path: nonHex, reason: "not 64 hex digits")) { try ModelKeyFile.read(nonHex) }
    }

    @Test func publicKeyParsing() throws {
        let k = ModelSecretKey()
        #expect(try ModelPublicKey(hex: k.publicKey.hex.uppercased() + "\n") == k.publicKey)
        #expect(throws: SealingError.invalidPublicKey("xyz")) { try ModelPublicKey(hex: "xyz") }
    }
}
