import Foundation
@testable import Attestation

/// Locates `shared/vectors` by walking up from this file (the repo's sibling `../shared` in CI and here).
enum Vectors {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/vectors")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("shared/vectors not found above \(#filePath)")
    }()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
    static func bytes(_ path: String) -> [UInt8] { [UInt8](try! Data(contentsOf: url(path))) }
    static func text(_ path: String) -> String { String(decoding: bytes(path), as: UTF8.self) }
    static func json(_ path: String) -> [String: Any] { try! JSONSerialization.jsonObject(with: Data(bytes(path))) as! [String: Any] }

    static let tdxNames = ["01_dcapqvl_sample_tdx_quote_v4", "03_dcapqvl_tdx_quote_outdated_v5", "05_gotdxguest_quote_v5_sample",
                           "06_dcapqvl_tdx_quote_hex_v4", "07_dcapqvl_quote_from_tappd_v4", "10_trustee_tdx_quote_5_v5", "11_trustee_tdx_quote_6_v4"]

    static func quote(_ name: String) -> [UInt8] { bytes("tdx/\(name)/quote.bin") }
    static func meta(_ name: String) -> [String: Any] { json("tdx/\(name)/quote.json") }

    /// The time a vector's signatures were checked at (`independent_check_signatures_only.check_time_used`).
    static func checkTime(_ name: String) -> Date {
        let m = meta(name)["independent_check_signatures_only"] as! [String: Any]
        return Timestamp.parseRFC3339(m["check_time_used"] as! String)!
    }

    static func pinnedTime(_ name: String) -> Date {
        let m = meta(name)["source_stated_expectations"] as! [String: Any]
        return Date(timeIntervalSince1970: (m["pinned_time_computed_unix"] as! NSNumber).doubleValue)
    }

    static func collateral(_ name: String) -> QuoteCollateral {
        try! QuoteCollateral(v3JSON: Data(bytes("tdx/\(name)/collateral.json")))
    }
}
