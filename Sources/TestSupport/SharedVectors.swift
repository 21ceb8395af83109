import Foundation

/// The project's sibling `shared/` folder (`../shared` from the repository root), found by
/// walking up from this file so tests work from any clone location.
public enum SharedVectors {
    public static let shared: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/vectors")
            if FileManager.default.fileExists(atPath: candidate.path) { return dir.appendingPathComponent("shared") }
            dir.deleteLastPathComponent()
        }
        fatalError("no shared/vectors folder above \(#filePath); the repository must sit beside shared/")
    }()

    public static func url(_ relative: String) -> URL {
        shared.appendingPathComponent("vectors").appendingPathComponent(relative)
    }

    public static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: url(relative))
    }
}
