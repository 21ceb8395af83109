import Foundation
@_exported import ModelCache

/// The default model, installed into the DCML cache on first use and verified by SHA-256
/// once per test process.
public enum DefaultModelFixture {
    private static let installed = Result { try ModelCache.default.ensure(.smolLM2).path }

    public static func path() throws -> String {
        try installed.get()
    }
}
