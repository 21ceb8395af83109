#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// The devnet's storage encoding of outcomes: the partial (hashed) fields in borsh, logs, and a
/// failure's JSON as text (NEAR keeps failure details out of the hash, so their form is ours).
enum OutcomeCodec {
    static func encode(_ value: ExecutionOutcomeWithId, to writer: inout BorshWriter) {
        let o = value.outcome
        writer.write(value.id)
        writer.write(o.logs)
        writer.write(o.receiptIds)
        writer.write(o.gasBurnt)
        writer.write(o.tokensBurnt)
        writer.write(o.executorId)
        switch o.status {
        case .unknown: writer.write(UInt8(0))
        case .failure(let json):
            writer.write(UInt8(1))
            writer.writeBytes(Array((try? JSONEncoder().encode(json)) ?? Data("null".utf8)))
        case .successValue(let bytes):
            writer.write(UInt8(2))
            writer.writeBytes(bytes)
        case .successReceiptId(let id):
            writer.write(UInt8(3))
            writer.write(id)
        }
    }

    static func decode(from reader: inout BorshReader) throws(BorshError) -> ExecutionOutcomeWithId {
        let id: CryptoHash = try reader.read()
        let logs = try reader.readArray("logs", minimumElementSize: 4) { (r: inout BorshReader) throws(BorshError) in try r.readString("log") }
        let receiptIds = try reader.readArray("receipt ids", minimumElementSize: 32) { (r: inout BorshReader) throws(BorshError) in try r.read(CryptoHash.self) }
        let gas = try reader.readU64("gas burnt")
        let tokens = try reader.readU128("tokens burnt")
        let executor = try reader.readString("executor id")
        let status: ExecutionStatus
        switch try reader.readU8("status") {
        case 0: status = .unknown
        case 1:
            let bytes = try reader.readBytes("failure")
            status = .failure((try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) ?? .null)
        case 2: status = .successValue(try reader.readBytes("return value"))
        case 3: status = .successReceiptId(try reader.read())
        case let tag: throw .invalidEnumTag(type: "stored execution status", tag: tag)
        }
        return ExecutionOutcomeWithId(
            id: id, outcome: ExecutionOutcome(logs: logs, receiptIds: receiptIds, gasBurnt: gas, tokensBurnt: tokens, executorId: executor, status: status))
    }
}
