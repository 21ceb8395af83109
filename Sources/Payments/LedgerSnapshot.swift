#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The whole state of one ledger, as its snapshot file holds it (sealed, `LedgerSeal.Kind.snapshot`):
/// the machine and the counter value it was recorded at. Written at the changes that are not a
/// settle (challenge, establish, close) and when the log grows past its bound; the log's records
/// continue from it.
struct LedgerSnapshot: Codable {
    static let currentVersion = 2
    var version = currentVersion
    let counter: UInt64
    /// When the ledger was created: a restarted node still knows how old an unused challenge is.
    let createdAt: Date
    let machine: ProviderChannelStateMachine

    init(counter: UInt64, createdAt: Date, machine: ProviderChannelStateMachine) {
        self.counter = counter
        self.createdAt = createdAt
        self.machine = machine
    }

    func sealed(with seal: LedgerSeal, path: String) throws(LedgerError) -> [UInt8] {
        let json: Data
        do { json = try JSONEncoder().encode(self) } catch {
            throw .corrupt(path: path, reason: "cannot encode the state: \(error)")
        }
        return seal.seal(Array(json), as: .snapshot)
    }

    static func open(_ bytes: [UInt8], with seal: LedgerSeal, path: String) throws(LedgerError) -> LedgerSnapshot {
        guard let json = seal.open(bytes, as: .snapshot) else { throw .unauthentic(path: path) }
        let snapshot: LedgerSnapshot
        do { snapshot = try JSONDecoder().decode(LedgerSnapshot.self, from: Data(json)) } catch {
            throw .corrupt(path: path, reason: PaymentFormatError.reason(decoding: error))
        }
        guard snapshot.version == currentVersion else {
            throw .corrupt(path: path, reason: "version \(snapshot.version), expected \(currentVersion)")
        }
        return snapshot
    }
}
