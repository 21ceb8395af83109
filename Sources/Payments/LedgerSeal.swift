import Crypto

/// AES-256-GCM sealing of one ledger's files with the node's ledger key, whose associated data
/// names what each sealed piece is: the ledger (its file name, which is also the name its
/// monotonic counter is kept under) and, for a log record, the counter value it commits. So a
/// snapshot or record moved to another ledger, or a record moved to another place in the log,
/// does not authenticate.
struct LedgerSeal {
    /// What a sealed piece is; part of its associated data. A snapshot carries its counter value
    /// inside; a record is bound to the value it commits.
    enum Kind {
        case snapshot
        case record(counter: UInt64)
    }

    let key: SymmetricKey
    let ledger: String

    /// The combined form adds 12 bytes of random nonce before the ciphertext and 16 of tag after.
    static let overhead = 12 + 16

    func seal(_ plaintext: [UInt8], as kind: Kind) -> [UInt8] {
        // A random nonce is always generated, so sealing cannot fail and the combined form exists.
        let box = try! AES.GCM.seal(plaintext, using: key, authenticating: associatedData(kind))
        return Array(box.combined!)
    }

    /// The plaintext, or nil where `combined` does not authenticate as `kind` of this ledger.
    func open(_ combined: [UInt8], as kind: Kind) -> [UInt8]? {
        guard let box = try? AES.GCM.SealedBox(combined: combined),
              let plaintext = try? AES.GCM.open(box, using: key, authenticating: associatedData(kind))
        else { return nil }
        return Array(plaintext)
    }

    private func associatedData(_ kind: Kind) -> [UInt8] {
        let prefix = Array("dcml-channel-ledger-v2\0\(ledger)\0".utf8)
        switch kind {
        case .snapshot: return prefix + Array("snapshot".utf8)
        case .record(let counter): return prefix + Array("record".utf8) + counter.bigEndianBytes
        }
    }
}
