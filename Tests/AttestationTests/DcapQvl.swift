import Foundation

/// Runs Phala's dcap-qvl (PyPI `dcap-qvl==0.7.0`, Python bindings of the Rust verifier) as an
/// independent verifier. It is installed with pip into `.build/pip-cache` of the package being tested
/// the first time; when pip cannot install it, `available` is nil and `unavailableReason` says why.
enum DcapQvl {
    struct Job: Encodable {
        var quote: String
        var collateral: String
        var now: Int64
        var root_ca_der: String?
    }

    struct Outcome: Decodable, Equatable {
        var ok: Bool
        var status: String?
        var advisory_ids: [String]?
        var error: String?
    }

    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: NSTemporaryDirectory())
    }()

    static let cacheDir = packageRoot.appendingPathComponent(".build/pip-cache")

    static let script = """
    import sys, json
    sys.path.insert(0, sys.argv[1])
    import dcap_qvl
    jobs = json.load(sys.stdin)
    out = []
    for j in jobs:
        try:
            c = dcap_qvl.QuoteCollateralV3.from_json(j["collateral"])
            q = bytes.fromhex(j["quote"])
            if j.get("root_ca_der"):
                r = dcap_qvl.verify_with_root_ca(q, c, bytes.fromhex(j["root_ca_der"]), j["now"])
            else:
                r = dcap_qvl.verify(q, c, j["now"])
            out.append({"ok": True, "status": r.status, "advisory_ids": list(r.advisory_ids)})
        except Exception as e:
            out.append({"ok": False, "error": str(e)})
    json.dump(out, sys.stdout)
    """

    /// (exit status, stdout, stderr)
    @discardableResult
    static func run(_ args: [String], stdin: Data? = nil) -> (Int32, Data, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = inp
        do { try p.run() } catch { return (-1, Data(), "\(error)") }
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try? inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, o, String(decoding: e, as: UTF8.self))
    }

    /// Installs dcap-qvl if needed; returns nil when available, else the reason it is not.
    static let unavailableReason: String? = {
        let marker = cacheDir.appendingPathComponent("dcap_qvl/__init__.py")
        if FileManager.default.fileExists(atPath: marker.path) { return nil }
        let (rc, _, err) = run(["python3", "-m", "pip", "install", "--quiet", "--target", cacheDir.path, "dcap-qvl==0.7.0"])
        if rc == 0, FileManager.default.fileExists(atPath: marker.path) { return nil }
        return "pip could not install dcap-qvl==0.7.0 into \(cacheDir.path) (exit \(rc)): \(err.suffix(400))"
    }()

    static func verify(_ jobs: [Job]) throws -> [Outcome] {
        let scriptURL = FileManager.default.temporaryDirectory.appendingPathComponent("dcml-dcapqvl-\(getpid()).py")
        try Data(script.utf8).write(to: scriptURL)
        let (rc, out, err) = run(["python3", scriptURL.path, cacheDir.path], stdin: try JSONEncoder().encode(jobs))
        guard rc == 0 else { throw NSError(domain: "dcap-qvl", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: err]) }
        return try JSONDecoder().decode([Outcome].self, from: out)
    }
}
