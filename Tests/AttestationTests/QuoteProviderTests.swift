import Crypto
import Foundation
import Testing
@testable import Attestation
#if canImport(Glibc)
import Glibc
#endif

@Suite struct QuoteProviderTests {
    @Test func simulatedProviderQuotesCarryTheEventLog() async throws {
        let provider = SimulatedQuoteProvider(simulator: SimulatedTEE(measurements: SimulatedMeasurements(binaryDigest: [1, 2, 3])))
        #expect(provider.isAvailable && provider.tee == .simulated && provider.name == "simulated")
        let appCompose = Array("{\"app\":\"dcml\"}".utf8)
        try await provider.extendRTMR3(event: ComposeHash.eventName, payload: ComposeHash.of(appCompose: appCompose))
        let reportData = [UInt8](repeating: 0xab, count: 64)
        let quote = try await provider.quote(reportData: reportData)
        let log = try await provider.eventLog()
        let verdict = try AttestationVerifier(allowSimulated: true, policy: PolicySet {
            PolicySet.standard(allowSimulated: true)
            ReportDataPolicy(expected: reportData)
            ComposeHashPolicy(expected: ComposeHash.of(appCompose: appCompose))
        }).verify(quote: quote, collateral: nil, eventLog: log)
        #expect(verdict.isTrusted, "\(verdict.summary)")
        await #expect(throws: QuoteProviderError.reportDataTooLong(65)) { try await provider.quote(reportData: [UInt8](repeating: 0, count: 65)) }
    }

    @Test func detectFallsBackToSimulationOnlyWhenAllowed() throws {
        // This machine has neither a dstack socket nor configfs-tsm.
        guard !FileManager.default.fileExists(atPath: "/var/run/dstack.sock"), !FileManager.default.fileExists(atPath: "/sys/kernel/config/tsm/report") else { return }
        #expect(throws: QuoteProviderError.self) { try QuoteProviders.detect(allowSimulated: false) }
        #expect(try QuoteProviders.detect(allowSimulated: true).name == "simulated")
    }

    @Test func dstackProviderSpeaksHTTPOverUnixSocket() async throws {
        let tee = SimulatedTEE(measurements: SimulatedMeasurements(binaryDigest: [9]))
        let path = NSTemporaryDirectory() + "dcml-dstack-\(UInt32.random(in: 0 ... .max)).sock"
        let server = try FakeDstack(path: path) { reqPath, body in
            let o = try! JSONSerialization.jsonObject(with: Data(body)) as! [String: String]
            if reqPath == "/GetQuote" {
                let rd = Hex.decode(o["report_data"]!)!
                return "{\"quote\":\"\(Hex.encode(tee.quote(reportData: rd).rawBytes))\",\"event_log\":\"[]\"}"
            }
            return "{}"
        }
        defer { server.stop() }
        let provider = DstackQuoteProvider(socketPath: path)
        #expect(provider.isAvailable)
        let q = try TDXQuote(parsing: try await provider.quote(reportData: [7, 7, 7]))
        #expect(Array(q.report.reportData.prefix(3)) == [7, 7, 7])
        let e = try await provider.extendRTMR3(event: "x", payload: [1])
        #expect(e.digest == EventLogEntry.runtimeDigest(event: "x", payload: [1]))
        #expect(try await provider.eventLog().entries.isEmpty)
    }

    @Test func chunkedResponsesAreDecoded() throws {
        let raw = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n".utf8)
        let r = try UnixSocketHTTP.parse(raw)
        #expect(r.status == 200 && String(decoding: r.body, as: UTF8.self) == "{\"a\":1}")
        #expect(throws: QuoteProviderError.self) { try UnixSocketHTTP.parse(Array("garbage".utf8)) }
    }
}

/// A one-connection-at-a-time HTTP server on a Unix socket, standing in for dstack's guest agent.
final class FakeDstack: @unchecked Sendable {
    let fd: Int32
    let path: String
    init(path: String, handler: @escaping @Sendable (String, [UInt8]) -> String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            for (i, b) in path.utf8.enumerated() { buf[i] = b }
        }
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        precondition(rc == 0 && listen(fd, 8) == 0, "bind/listen failed")
        let listener = self.fd
        Thread.detachNewThread {
            while true {
                let c = accept(listener, nil, nil)
                if c < 0 { return }
                var req = [UInt8](), buf = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buf.withUnsafeMutableBytes { recv(c, $0.baseAddress, $0.count, 0) }
                    if n <= 0 { break }
                    req += buf[0 ..< n]
                    let text = String(decoding: req, as: UTF8.self)
                    if let r = text.range(of: "\r\n\r\n") {
                        let head = String(text[..<r.lowerBound])
                        let len = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                        let headerBytes = Array(text[..<r.upperBound].utf8).count
                        if req.count >= headerBytes + len {
                            let path = String(head.split(separator: " ")[1])
                            let body = handler(path, Array(req[headerBytes ..< headerBytes + len]))
                            let resp = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
                            _ = resp.withUnsafeBytes { send(c, $0.baseAddress, $0.count, 0) }
                            break
                        }
                    }
                }
                close(c)
            }
        }
    }
    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd); unlink(path) }
}
