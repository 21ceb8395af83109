#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF v2/v3 file, memory-mapped read-only. Tensor data is never copied into the heap:
/// the engine computes straight on the mapped quantized blocks, so resident memory stays
/// close to the file size.
public final class GGUFFile: @unchecked Sendable {
    public let path: String
    public let version: UInt32
    public let metadata: [String: GGUFValue]
    public let tensors: [String: GGUFTensorInfo]
    /// The whole file. Valid for the lifetime of this object.
    public let bytes: UnsafeRawBufferPointer

    public init(path: String) throws(GGUFError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .cannotOpen(path: path, errno: errno) }
        let size = Int(st.st_size)
        guard size >= 24 else { throw .truncated(field: "header", offset: 0, needed: 24, fileSize: size) }
        guard let base = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            throw .cannotOpen(path: path, errno: errno)
        }
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        do {
            var reader = GGUFReader(bytes: bytes)
            let parsed = try reader.readHeader()
            self.version = parsed.version
            self.metadata = parsed.metadata
            self.tensors = parsed.tensors
            self.bytes = bytes
        } catch {
            munmap(base, size)
            throw error
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }

    /// The bytes of one tensor.
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[tensor.offset..<tensor.offset + tensor.byteCount])
    }

    public func tensor(_ name: String) throws(GGUFError) -> GGUFTensorInfo {
        guard let t = tensors[name] else { throw .missingTensor(name) }
        return t
    }

    public func int(_ key: String) throws(GGUFError) -> Int {
        guard let v = metadata[key] else { throw .missingKey(key) }
        guard let i = v.int else { throw .wrongKeyType(key: key, expected: "integer") }
        return i
    }

    public func double(_ key: String) throws(GGUFError) -> Double {
        guard let v = metadata[key] else { throw .missingKey(key) }
        guard let d = v.double else { throw .wrongKeyType(key: key, expected: "number") }
        return d
    }

    public func string(_ key: String) throws(GGUFError) -> String {
        guard let v = metadata[key] else { throw .missingKey(key) }
        guard let s = v.string else { throw .wrongKeyType(key: key, expected: "string") }
        return s
    }
}

/// Bounds-checked little-endian cursor over the header of a GGUF file.
struct GGUFReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    struct Header {
        var version: UInt32
        var metadata: [String: GGUFValue]
        var tensors: [String: GGUFTensorInfo]
    }

    private func need(_ n: Int, _ field: @autoclosure () -> String) throws(GGUFError) {
        guard n >= 0, offset <= bytes.count - n else {
            throw .truncated(field: field(), offset: offset, needed: n, fileSize: bytes.count)
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ field: @autoclosure () -> String) throws(GGUFError) -> T {
        try need(MemoryLayout<T>.size, field())
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func readCount(_ field: @autoclosure () -> String) throws(GGUFError) -> Int {
        let n = try read(UInt64.self, field())
        // Any count larger than the file is necessarily corrupt.
        guard n <= UInt64(bytes.count) else {
            throw .truncated(field: field(), offset: offset, needed: Int(clamping: n), fileSize: bytes.count)
        }
        return Int(n)
    }

    mutating func readString(_ field: @autoclosure () -> String) throws(GGUFError) -> String {
        let n = try readCount(field())
        try need(n, field())
        let start = offset
        let s = String(validating: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
        offset += n
        guard let s else { throw .invalidString(offset: start) }
        return s
    }

    mutating func readValue(type: UInt32, key: String) throws(GGUFError) -> GGUFValue {
        switch type {
        case 0: return .uint(UInt64(try read(UInt8.self, key)))
        case 1: return .int(Int64(try read(Int8.self, key)))
        case 2: return .uint(UInt64(try read(UInt16.self, key)))
        case 3: return .int(Int64(try read(Int16.self, key)))
        case 4: return .uint(UInt64(try read(UInt32.self, key)))
        case 5: return .int(Int64(try read(Int32.self, key)))
        case 6: return .float(Double(Float(bitPattern: try read(UInt32.self, key))))
        case 7: return .bool(try read(UInt8.self, key) != 0)
        case 8: return .string(try readString(key))
        case 9:
            let elementType = try read(UInt32.self, key)
            let n = try readCount(key)
            var values: [GGUFValue] = []
            values.reserveCapacity(n)
            for _ in 0..<n { values.append(try readValue(type: elementType, key: key)) }
            return .array(values)
        case 10: return .uint(try read(UInt64.self, key))
        case 11: return .int(try read(Int64.self, key))
        case 12: return .float(Double(bitPattern: try read(UInt64.self, key)))
        default: throw .unknownValueType(key: key, type: type)
        }
    }

    mutating func readHeader() throws(GGUFError) -> Header {
        let magic = try read(UInt32.self, "magic")
        guard magic == 0x4655_4747 else { throw .badMagic(found: magic) }
        let version = try read(UInt32.self, "version")
        guard version == 2 || version == 3 else { throw .unsupportedVersion(version) }
        let tensorCount = try readCount("tensor count")
        let kvCount = try readCount("metadata count")

        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<kvCount {
            let key = try readString("metadata key")
            let type = try read(UInt32.self, key)
            metadata[key] = try readValue(type: type, key: key)
        }

        struct Pending { var name: String; var shape: [Int]; var type: GGMLType; var relative: Int }
        var pending: [Pending] = []
        pending.reserveCapacity(tensorCount)
        for _ in 0..<tensorCount {
            let name = try readString("tensor name")
            let dims = try read(UInt32.self, "\(name) dimension count")
            guard dims <= 4 else { throw .tensorShape(tensor: name, found: [Int(dims)], expected: [4]) }
            var shape: [Int] = []
            for _ in 0..<dims { shape.append(try readCount("\(name) dimension")) }
            let rawType = try read(UInt32.self, "\(name) type")
            guard let type = GGMLType(rawValue: rawType) else { throw .unknownTensorType(tensor: name, type: rawType) }
            let relative = try readCount("\(name) offset")
            pending.append(Pending(name: name, shape: shape, type: type, relative: relative))
        }

        let alignment = metadata["general.alignment"]?.int ?? 32
        let dataStart = (offset + alignment - 1) / alignment * alignment
        var tensors: [String: GGUFTensorInfo] = [:]
        for p in pending {
            let elements = p.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard elements % p.type.blockSize == 0, p.shape.first.map({ $0 % p.type.blockSize == 0 }) ?? true else {
                throw .tensorShape(tensor: p.name, found: p.shape, expected: [p.type.blockSize])
            }
            let count = p.type.byteCount(elements: elements)
            let start = dataStart + p.relative
            guard start <= bytes.count, count <= bytes.count - start else {
                throw .tensorOutOfBounds(tensor: p.name, end: start &+ count, fileSize: bytes.count)
            }
            tensors[p.name] = GGUFTensorInfo(name: p.name, shape: p.shape, type: p.type, offset: start, byteCount: count)
        }
        return Header(version: version, metadata: metadata, tensors: tensors)
    }
}
