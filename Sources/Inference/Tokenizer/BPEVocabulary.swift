/// The immutable tables of a byte-level BPE tokenizer, built once from GGUF metadata and
/// shared (by reference) by every copy of `BPETokenizer`.
final class BPEVocabulary: Sendable {
    let types: [TokenType]
    /// The raw bytes of every token, back to back; `byteOffsets[id]..<byteOffsets[id + 1]`.
    let byteStorage: [UInt8]
    let byteOffsets: [Int]
    /// The token of each single byte, or -1. SmolLM2's vocabulary lacks 21 bytes (0x04, 0xC0,
    /// 0xF5...); llama.cpp drops such bytes from the ids, and so do we.
    let byteTokens: [Int32]
    let merger: BPEMerger
    let specials: SpecialTokenSplitter
    let preTokenizer: PreTokenizer
    let bosTokenID: Int32?
    let eosTokenID: Int32?
    let endOfGeneration: Set<Int32>

    /// Texts of control tokens that end a turn in the chat formats llama.cpp knows.
    static let endOfGenerationTexts: Set<String> = [
        "<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|end|>", "<end_of_turn>",
        "<|end_of_text|>", "<EOT>", "<|return|>", "<|call|>",
    ]

    init(tokens: [String], types rawTypes: [Int32], merges: [String], preTokenizer: PreTokenizer,
         bosTokenID: Int32?, eosTokenID: Int32?, extraEndOfGeneration: [Int32]) throws(TokenizerError) {
        guard rawTypes.isEmpty || rawTypes.count == tokens.count else {
            throw .inconsistentVocabulary("\(tokens.count) tokens but \(rawTypes.count) token types")
        }
        let types = rawTypes.isEmpty
            ? [TokenType](repeating: .normal, count: tokens.count)
            : rawTypes.map { TokenType(rawValue: $0) ?? .undefined }
        for (name, id) in [("bos", bosTokenID), ("eos", eosTokenID)] {
            if let id, !(0..<Int32(tokens.count)).contains(id) {
                throw .inconsistentVocabulary("\(name) token id \(id) is outside the vocabulary of \(tokens.count)")
            }
        }

        var idForText: [String: Int32] = [:]
        idForText.reserveCapacity(tokens.count)
        var storage: [UInt8] = []
        storage.reserveCapacity(tokens.count * 8)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(tokens.count + 1)
        var specialTokens: [SpecialTokenSplitter.Token] = []
        var eog = Set<Int32>()
        for (i, text) in tokens.enumerated() {
            let id = Int32(i)
            let type = types[i]
            switch type {
            case .normal, .byte:
                if idForText[text] == nil { idForText[text] = id }
                storage.append(contentsOf: ByteLevelAlphabet.decode(text))
            case .control, .userDefined, .unknown:
                storage.append(contentsOf: text.utf8)
                specialTokens.append(.init(id: id, bytes: Array(text.utf8), onlyWhenParsingSpecials: type != .userDefined))
                if type == .control, Self.endOfGenerationTexts.contains(text) { eog.insert(id) }
            case .unused, .undefined:
                break
            }
            offsets.append(storage.count)
        }

        var byteTokens = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            if let id = idForText[ByteLevelAlphabet.encode([UInt8(b)])] { byteTokens[b] = id }
        }

        var table: [UInt64: UInt64] = [:]
        table.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            // llama.cpp splits at the first space after the first character.
            let utf8 = Array(merge.utf8)
            guard utf8.count >= 3, let space = utf8[1...].firstIndex(of: 0x20) else {
                throw .inconsistentVocabulary("merge \(rank) '\(merge)' has no separating space")
            }
            let left = String(decoding: utf8[..<space], as: UTF8.self)
            let right = String(decoding: utf8[(space + 1)...], as: UTF8.self)
            guard let l = idForText[left], let r = idForText[right], let m = idForText[left + right] else { continue }
            let key = BPEMerger.key(l, r)
            if table[key] == nil { table[key] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: m)) }
        }

        if let eosTokenID { eog.insert(eosTokenID) }
        for id in extraEndOfGeneration where (0..<Int32(tokens.count)).contains(id) { eog.insert(id) }

        self.types = types
        self.byteStorage = storage
        self.byteOffsets = offsets
        self.byteTokens = byteTokens
        self.merger = BPEMerger(merges: table)
        self.specials = SpecialTokenSplitter(tokens: specialTokens)
        self.preTokenizer = preTokenizer
        self.bosTokenID = bosTokenID
        self.eosTokenID = eosTokenID
        self.endOfGeneration = eog
    }

    var count: Int { types.count }

    @inline(__always)
    func bytes(of id: Int32) -> ArraySlice<UInt8> {
        guard id >= 0, Int(id) < types.count else { return [] }
        return byteStorage[byteOffsets[Int(id)]..<byteOffsets[Int(id) + 1]]
    }
}
