import Foundation
import Testing
@testable import NearLightClient

@Suite struct EncodingTests {
    @Test func base58KnownValues() throws {
        #expect(Base58.encode([]) == "")
        #expect(Base58.encode([0]) == "1")
        #expect(Base58.encode([0, 0, 1]) == "112")
        #expect(Base58.encode(Array("hello world".utf8)) == "StV1DL6CwTryKyV")
        #expect(try Base58.decode("StV1DL6CwTryKyV") == Array("hello world".utf8))
        #expect(try Base58.decode("112") == [0, 0, 1])
        #expect(CryptoHash.zero.base58 == "11111111111111111111111111111111")
        #expect(try CryptoHash(base58: "11111111111111111111111111111111") == .zero)
        #expect(throws: NearEncodingError.invalidBase58Character("0", position: 2)) { try Base58.decode("120") }
        #expect(throws: NearEncodingError.self) { try CryptoHash(base58: "StV1DL6CwTryKyV") }
        // The longest 32-byte value and an all-zero one decode; anything longer is refused
        // up front (no quadratic work on a megabyte of text).
        #expect(try CryptoHash(bytes: [UInt8](repeating: 0xFF, count: 32)).base58.count == 44)
        #expect(try CryptoHash(base58: CryptoHash(bytes: [UInt8](repeating: 0xFF, count: 32)).base58).bytes == [UInt8](repeating: 0xFF, count: 32))
        #expect(throws: NearEncodingError.self) { try CryptoHash(base58: String(repeating: "z", count: 1_000_000)) }
        #expect(throws: NearEncodingError.self) { try SecretKey("ed25519:" + String(repeating: "z", count: 100_000)) }
    }

    @Test func base58RoundTripsRandomBytes() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length > 3 { bytes[0] = 0 }
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
        }
    }

    @Test func decimalsAreExact() throws {
        #expect(try NearDecimal.parse("340282366920938463463374607431768211455", as: UInt128.self) == UInt128.max)
        #expect(throws: NearEncodingError.self) { try NearDecimal.parse("340282366920938463463374607431768211456", as: UInt128.self) }
        #expect(try NearDecimal.parse("18446744073709551615", as: UInt64.self) == UInt64.max)
        #expect(try NearDecimal.parse("1697116223277387357", as: UInt64.self) == 1_697_116_223_277_387_357)
        for bad in ["", "-1", "1.0", "1e3", " 1", "0x10"] {
            #expect(throws: NearEncodingError.self, "\(bad)") { try NearDecimal.parse(bad, as: UInt128.self) }
        }
    }

    @Test func hex() throws {
        #expect(try Hex.decode("00ffAB") == [0, 255, 171])
        #expect(try Hex.decode("0x0a") == [10])
        #expect(Hex.encode([0, 255, 171]) == "00ffab")
        #expect(throws: NearEncodingError.self) { try Hex.decode("abc") }
        #expect(throws: NearEncodingError.self) { try Hex.decode("zz") }
    }

    @Test func borshReaderIsBoundsChecked() throws {
        var reader = BorshReader([1, 2, 3])
        #expect(throws: BorshError.unexpectedEnd(reading: "u64", needed: 8, remaining: 3)) { _ = try reader.readU64() }
        // A string claiming 4 GB must fail without allocating.
        var huge = BorshReader([0xFF, 0xFF, 0xFF, 0xFF, 0x41])
        #expect(throws: BorshError.self) { _ = try huge.readString("name") }
        var array = BorshReader([0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: BorshError.self) {
            _ = try array.readArray("hashes", minimumElementSize: 32) { (r: inout BorshReader) throws(BorshError) in try r.read(CryptoHash.self) }
        }
        #expect(throws: BorshError.trailingBytes(1)) { _ = try CryptoHash(borsh: [UInt8](repeating: 0, count: 33)) }
        #expect(throws: BorshError.invalidEnumTag(type: "Action (supported: 0–7)", tag: 8)) { _ = try Action(borsh: [8]) }
        #expect(throws: BorshError.self) { _ = try String(decoding: [], as: UTF8.self) == "" ? Action(borsh: [7, 2, 0, 0, 0, 0xC3, 0x28]) : .createAccount }
    }

    /// Every prefix and many random mutations of a valid signed transaction decode or throw —
    /// never trap.
    @Test func malformedTransactionsNeverCrash() throws {
        let key = SecretKey.generate()
        let tx = Transaction(
            signerId: "alice.test", publicKey: key.publicKey, nonce: 1, receiverId: "bob.test", blockHash: .zero,
            actions: [
                .functionCall(FunctionCallAction(methodName: "m", args: [1, 2], gas: 5, deposit: 6)),
                .addKey(publicKey: key.publicKey, accessKey: AccessKey(permission: .functionCall(
                    FunctionCallPermission(allowance: 9, receiverId: "c", methodNames: ["x", "y"])))),
            ])
        let bytes = try tx.signed(with: key).borshBytes
        for length in 0..<bytes.count {
            #expect(throws: BorshError.self) { _ = try SignedTransaction(borsh: Array(bytes.prefix(length))) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? SignedTransaction(borsh: mutated)
        }
    }
}
