import Foundation
import Synchronization

/// Where collateral for a quote comes from: a file, Intel PCS / a PCCS, or the simulation PKI.
public protocol CollateralSource: Sendable {
    func collateral(for quote: TDXQuote, at time: Date) async throws -> PreparedCollateral
}

/// Fixed collateral (a QuoteCollateralV3 file or a directory of PCS responses), parsed once.
public struct StaticCollateralSource: CollateralSource {
    public let prepared: PreparedCollateral
    public init(_ prepared: PreparedCollateral) { self.prepared = prepared }
    public init(contentsOf path: String) throws {
        self.prepared = try PreparedCollateral(try QuoteCollateral(contentsOf: path))
    }
    public func collateral(for quote: TDXQuote, at time: Date) async throws -> PreparedCollateral { prepared }
}

/// Collateral of the simulation PKI, regenerated once per day of verification time.
public final class SimulatedCollateralSource: CollateralSource, Sendable {
    public static let shared = SimulatedCollateralSource()
    private let cached = Mutex<(day: Int64, collateral: PreparedCollateral)?>(nil)

    public init() {}

    /// Whether `quote`'s PCK chain is the simulation PKI's (its root certificate is in the chain).
    public static func isSimulated(_ quote: TDXQuote) -> Bool {
        guard let pem = quote.signatureData.pckCertificateChainPEM,
              let chain = try? PEMChain.parse(pem, field: "PCK chain") else { return false }
        return chain.contains { SimulationAuthority.rootAnchor.matches($0) || $0.issuer == SimulationAuthority.rootName }
    }

    public func prepared(at time: Date) -> PreparedCollateral {
        let day = Int64(time.timeIntervalSince1970) / 86400
        if let c = cached.withLock({ $0 }), c.day == day { return c.collateral }
        let noon = Date(timeIntervalSince1970: Double(day * 86400 + 43200))
        let p = try! PreparedCollateral(SimulationAuthority.shared.collateral(at: noon))
        cached.withLock { $0 = (day, p) }
        return p
    }

    public func collateral(for quote: TDXQuote, at time: Date) async throws -> PreparedCollateral { prepared(at: time) }
}
