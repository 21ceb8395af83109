import Foundation
@testable import NearLightClient

/// Finds `shared/vectors/near` by walking up from this file, so the tests run from any checkout
/// that sits beside (or inside) the shared folder.
enum Vectors {
    static let nearDirectory: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/vectors")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return candidate.appendingPathComponent("near")
            }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("no shared/vectors directory above \(#filePath)")
    }()

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: nearDirectory.appendingPathComponent(relativePath))
    }

    static func proof(_ relativePath: String) throws -> LightClientExecutionProof {
        try NearRPC.decodeResult(LightClientExecutionProof.self, from: data(relativePath))
    }

    static func block(_ relativePath: String) throws -> LightClientBlock {
        try NearRPC.decodeResult(LightClientBlock.self, from: data(relativePath))
    }

    /// proof file, head block_merkle_root (hex), block hash (base58) — from the vectors README.
    static let proofs: [(file: String, root: String, blockHash: String)] = [
        ("execution-proofs/proof2.json", "22f00dd154366d758cd3e4fe81c1caed8e0db6227fe4b2b52a8e5a468aa0a723", "821YJSshC7kFcUQfst93ABh2KN3FSWG2jdouNYk9mtUW"),
        ("execution-proofs/proof3.json", "0d0776820a9a81481a559c36fd5d69c33718fb7d7fd3be7564a446e043e2cb35", "BUCRNeND73mVaFbwmLg7zduM95LHtN2vzK2HHvJNWEGM"),
        ("execution-proofs/proof4.json", "1f7129496c461c058fb3daf258d89bf7dacb4efad5742351f66098a00bb6fa53", "37jihqoUDFY3agpY6Z5fQt43DUmAu2XfKDMuLC6T93Wz"),
        ("execution-proofs/proof5.json", "a9cd8eb4dd92ba5f2fef47d68e1d73ac8c57047959f6f8a2dcc664419e74e4b8", "836bGij79WLpoGTJfMS7wHyeNDzcrR6Fjcnv7k5s35Zs"),
        ("light-client-blocks/old.json", "078f987e29655eae4abcd21a325701f29e25b0d95ea2b8424f5d44aca71e8421", "CKymwud3BMkyDTnENanADfk9UiBeyHVWvkJWh5XXphZz"),
        ("light-client-blocks/new.json", "078f987e29655eae4abcd21a325701f29e25b0d95ea2b8424f5d44aca71e8421", "2qTqYFHTNsbWHppZQ51UbA42ogKpSY8qiLDQcnvrRLmG"),
    ]
}

extension CryptoHash {
    /// The same hash with one bit flipped.
    func flipping(bit: Int) -> CryptoHash {
        var copy = self
        copy.storage[bit / 8 % 32] ^= UInt8(1) << UInt8(bit % 8)
        return copy
    }
}
