import Foundation

/// The `dcml` executable tests run as users run it: `$DCML_EXECUTABLE` (to test an installed
/// binary), else the one `swift build` put beside the test bundle, else the package's debug build.
public enum DCMLExecutable {
    public static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["DCML_EXECUTABLE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dcml")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.appendingPathComponent(".build/debug/dcml")
    }()
}
