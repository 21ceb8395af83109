import Foundation
import Inference
import Sealing
import TestSupport

/// Charlie's side of the story: the default model sealed for a fresh key, in a temporary
/// directory removed when the value is dropped.
final class CharlieModel: Sendable {
    let key = ModelSecretKey()
    let directory: String
    let sealedPath: String
    let modelHash: ModelHash

    init() throws {
        let model = try DefaultModelFixture.path()
        directory = NSTemporaryDirectory() + "key-replication-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        sealedPath = directory + "/" + URL(fileURLWithPath: model).lastPathComponent + ".sealed"
        modelHash = try ModelSealer().seal(modelAt: model, for: key.publicKey, to: sealedPath).modelHash
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}
