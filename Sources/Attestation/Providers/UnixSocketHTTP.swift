import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 POST over a Unix domain socket, enough to talk to dstack's guest agent without
/// pulling an HTTP client into the TEE's trusted computing base.
enum UnixSocketHTTP {
    struct Response { var status: Int; var body: [UInt8] }

    static func post(socketPath: String, path: String, json: [UInt8], timeoutSeconds: Int = 30) throws(QuoteProviderError) -> Response {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io(provider: "dstack", path: socketPath, reason: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            throw .io(provider: "dstack", path: socketPath, reason: "socket path too long")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            for (i, b) in pathBytes.enumerated() { buf[i] = b }
            buf[pathBytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw .unavailable(provider: "dstack", reason: "connect(\(socketPath)) failed: errno \(errno)") }
        var request = Array("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(json.count)\r\nConnection: close\r\n\r\n".utf8)
        request += json
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw .io(provider: "dstack", path: socketPath, reason: "send failed: errno \(errno)") }
            sent += n
        }
        var response = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw .io(provider: "dstack", path: socketPath, reason: "recv failed: errno \(errno)") }
            response += buf[0 ..< n]
            guard response.count < 64 << 20 else { throw .badResponse(provider: "dstack", reason: "response over 64 MiB") }
        }
        return try parse(response)
    }

    /// Parses status line, headers and body (Content-Length or chunked, or until close).
    static func parse(_ r: [UInt8]) throws(QuoteProviderError) -> Response {
        let sep: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = (0 ..< max(0, r.count - 3)).first(where: { Array(r[$0 ..< $0 + 4]) == sep }) else {
            throw .badResponse(provider: "dstack", reason: "no HTTP header terminator in \(r.count) bytes")
        }
        let head = String(decoding: r[0 ..< headerEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw .badResponse(provider: "dstack", reason: "bad status line '\(lines.first ?? "")'") }
        var chunked = false
        for l in lines.dropFirst() where l.lowercased().hasPrefix("transfer-encoding:") && l.lowercased().contains("chunked") { chunked = true }
        var body = Array(r[(headerEnd + 4)...])
        if chunked {
            var out = [UInt8](), i = 0
            while i < body.count {
                guard let lineEnd = (i ..< max(i, body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }),
                      let size = Int(String(decoding: body[i ..< lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) else {
                    throw .badResponse(provider: "dstack", reason: "bad chunk header")
                }
                if size == 0 { break }
                let start = lineEnd + 2
                guard start + size <= body.count else { throw .badResponse(provider: "dstack", reason: "chunk of \(size) bytes exceeds body") }
                out += body[start ..< start + size]
                i = start + size + 2
            }
            body = out
        }
        return Response(status: status, body: body)
    }
}
