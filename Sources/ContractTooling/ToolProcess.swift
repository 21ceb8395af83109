import Foundation

/// Runs one build tool and collects its output; a non-zero exit becomes a `ContractBuildError`
/// carrying the command line and what the tool printed.
enum ToolProcess {
    static func run(_ tool: URL, arguments: [String], in directory: URL) throws(ContractBuildError) -> String {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // A fixed environment: nothing from the caller's shell may change the output.
        process.environment = ["PATH": tool.deletingLastPathComponent().path + ":/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw .toolFailed(command: ([tool.path] + arguments).joined(separator: " "), status: -1, output: "\(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw .toolFailed(command: ([tool.lastPathComponent] + arguments).joined(separator: " "), status: process.terminationStatus, output: output)
        }
        return output
    }
}
