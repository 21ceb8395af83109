#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ledger's append-only log: one fixed-size frame per commit since the last snapshot, each
/// the counter value it commits (8 bytes, big-endian, in the clear) and the channel's progress
/// sealed for that value (`LedgerSeal`). A commit is one positioned write and one `fdatasync`.
///
/// Written by one `ChannelLedger`, only while it holds the commit turn. The file is opened per
/// operation, so a node holding thousands of ledgers holds no file descriptors for them (an open
/// and a close cost microseconds; the `fdatasync` costs about a hundred).
struct LedgerLog {
    static let frameLength = 8 + ChannelProgress.encodedLength + LedgerSeal.overhead

    let path: String
    /// Bytes of valid frames; the next frame goes here.
    private(set) var length: Int

    /// The log at `path` (created if missing), cutting off the torn tail that recovery found
    /// beyond `validLength`: it was a commit that never happened.
    init(path: String, validLength: Int) throws(LedgerError) {
        self.path = path
        length = validLength
        try withFile { fd throws(LedgerError) in
            if lseek(fd, 0, SEEK_END) != off_t(validLength) { try cut(fd, to: validLength) }
        }
    }

    /// Appends the frame committing `progress` at `counter` and makes it durable.
    mutating func append(_ progress: ChannelProgress, counter: UInt64, seal: LedgerSeal) throws(LedgerError) {
        let frame = counter.bigEndianBytes + seal.seal(progress.bytes, as: .record(counter: counter))
        try withFile { fd throws(LedgerError) in
            try AtomicFile.write(frame, to: fd, at: length, path: path)
            guard fdatasync(fd) == 0 else { throw .io(path: path, operation: "fdatasync", errno: errno) }
        }
        length += frame.count
    }

    /// Cuts the log back to `newLength` bytes, durably: the commits beyond it never happened.
    mutating func truncate(to newLength: Int) throws(LedgerError) {
        try withFile { fd throws(LedgerError) in try cut(fd, to: newLength) }
        length = newLength
    }

    private func cut(_ fd: Int32, to newLength: Int) throws(LedgerError) {
        guard ftruncate(fd, off_t(newLength)) == 0 else { throw .io(path: path, operation: "ftruncate", errno: errno) }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    private func withFile(_ body: (Int32) throws(LedgerError) -> Void) throws(LedgerError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        try body(fd)
    }

    /// What recovery found in a log: the progress committed after the snapshot, in counter order,
    /// and how many bytes of the log hold it (anything after is a torn tail).
    struct Replay {
        var progress: [ChannelProgress] = []
        var validLength = 0
    }

    /// Reads the frames of `bytes` that follow a snapshot recorded at `snapshotCounter`. Frames at
    /// or below it (left by a crash between a snapshot and the log's reset) are already in the
    /// snapshot; the others must count up from it one by one. The first frame that is incomplete
    /// or does not authenticate ends the log — a commit that never happened, as a crash mid-write
    /// leaves it — unless an authentic frame follows it, which no crash leaves: that is tampering.
    static func replay(_ bytes: [UInt8], after snapshotCounter: UInt64, seal: LedgerSeal, path: String) throws(LedgerError) -> Replay {
        var replay = Replay()
        var expected = snapshotCounter + 1
        var offset = 0
        while let (counter, progress) = frame(bytes, at: offset, seal: seal) {
            if counter <= snapshotCounter && replay.progress.isEmpty {
                offset += frameLength
                replay.validLength = offset
                continue
            }
            guard counter == expected else {
                throw .tampered(path: path, reason: "the record at byte \(offset) commits counter \(counter), expected \(expected)")
            }
            replay.progress.append(progress)
            expected += 1
            offset += frameLength
            replay.validLength = offset
        }
        var later = offset + frameLength
        while later + frameLength <= bytes.count {
            if frame(bytes, at: later, seal: seal) != nil {
                throw .tampered(path: path, reason: "the record at byte \(offset) does not authenticate but the one at byte \(later) does; "
                    + "expected unauthentic bytes only at the end, where a crash mid-write leaves them")
            }
            later += frameLength
        }
        return replay
    }

    /// The authentic frame at `offset`, or nil where there is none.
    private static func frame(_ bytes: [UInt8], at offset: Int, seal: LedgerSeal) -> (UInt64, ChannelProgress)? {
        guard offset + frameLength <= bytes.count else { return nil }
        let counter = UInt64(bigEndian: bytes[offset..<offset + 8])
        guard let plaintext = seal.open(Array(bytes[offset + 8..<offset + frameLength]), as: .record(counter: counter)),
              let progress = ChannelProgress(bytes: plaintext)
        else { return nil }
        return (counter, progress)
    }
}
