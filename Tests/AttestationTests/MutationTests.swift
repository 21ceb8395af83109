import Foundation
import Testing
@testable import Attestation

/// Single-bit flips in the signed region are always rejected; random and truncated inputs never crash.
/// (`dcml attest bench --fuzz 100000` runs the same mutations at scale.)
@Suite struct MutationTests {
    /// Flips `count` bits spread across the signed region of `quote` and checks each is rejected.
    static func flipsRejected(_ quote: [UInt8], collateral: PreparedCollateral?, at: Date, verifier: DCAPVerifier, count: Int) -> Int {
        let signed = (try! TDXQuote(parsing: quote)).signedLength
        var accepted = 0
        for i in 0 ..< count {
            let bit = (i * 7919) % (signed * 8)
            var m = quote
            m[bit / 8] ^= UInt8(1 << (bit % 8))
            guard let r = try? verifier.verify(quote: m, collateral: collateral, at: at) else { continue }
            if r.isVerified { accepted += 1 }
        }
        return accepted
    }

    @Test func bitFlipsInARealQuoteAreRejected() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let c = try PreparedCollateral(Vectors.collateral(name))
        #expect(Self.flipsRejected(Vectors.quote(name), collateral: c, at: Vectors.pinnedTime(name), verifier: DCAPVerifier(), count: 1000) == 0)
    }

    @Test func bitFlipsInASimulatedQuoteAreRejected() throws {
        let q = SimulatedTEE(measurements: SimulatedMeasurements(binaryDigest: [3])).quote(reportData: [1, 2, 3]).rawBytes
        let now = Date()
        #expect(Self.flipsRejected(q, collateral: SimulatedCollateralSource.shared.prepared(at: now), at: now,
                                   verifier: DCAPVerifier(allowSimulation: true), count: 1000) == 0)
    }

    @Test func randomAndMangledInputsNeverCrash() {
        var rng = SystemRandomNumberGenerator()
        let base = Vectors.quote("03_dcapqvl_tdx_quote_outdated_v5")
        for i in 0 ..< 1200 {
            var m: [UInt8]
            switch i % 4 {
            case 0: m = (0 ..< Int.random(in: 0 ... 6000, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            case 1: m = Array(base.prefix(Int.random(in: 0 ... base.count, using: &rng)))
            case 2:
                m = base
                for _ in 0 ..< 8 { m[Int.random(in: 0 ..< m.count, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng) }
            default:
                // Corrupt a length field to a random value.
                m = base
                let at = [632 + 22, 1190, 1192, 1236].randomElement(using: &rng)!
                if at + 4 <= m.count { for k in 0 ..< 4 { m[at + k] = UInt8.random(in: 0 ... 255, using: &rng) } }
            }
            _ = try? DCAPVerifier(allowServiceTD: true).verify(quote: m, collateral: nil, at: Date())
            _ = try? GPUEvidence(parsing: m)
        }
    }
}
