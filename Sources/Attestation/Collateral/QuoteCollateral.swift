import Foundation
import SwiftASN1

/// Everything besides the quote that DCAP verification needs, as Intel publishes it.
///
/// This is the `QuoteCollateralV3` shape used by Intel's QVL and Phala's dcap-qvl: the TCB info and
/// QE identity are kept as the exact signed JSON texts (signatures cover those bytes), signatures are
/// raw r‖s, CRLs are DER, issuer chains are PEM with the signer first.
public struct QuoteCollateral: Sendable, Equatable {
    public var pckCRLIssuerChain: String
    public var rootCACRL: [UInt8]
    public var pckCRL: [UInt8]
    public var tcbInfoIssuerChain: String
    public var tcbInfo: String
    public var tcbInfoSignature: [UInt8]
    public var qeIdentityIssuerChain: String
    public var qeIdentity: String
    public var qeIdentitySignature: [UInt8]

    public init(pckCRLIssuerChain: String, rootCACRL: [UInt8], pckCRL: [UInt8], tcbInfoIssuerChain: String, tcbInfo: String,
                tcbInfoSignature: [UInt8], qeIdentityIssuerChain: String, qeIdentity: String, qeIdentitySignature: [UInt8]) {
        self.pckCRLIssuerChain = pckCRLIssuerChain
        self.rootCACRL = rootCACRL
        self.pckCRL = pckCRL
        self.tcbInfoIssuerChain = tcbInfoIssuerChain
        self.tcbInfo = tcbInfo
        self.tcbInfoSignature = tcbInfoSignature
        self.qeIdentityIssuerChain = qeIdentityIssuerChain
        self.qeIdentity = qeIdentity
        self.qeIdentitySignature = qeIdentitySignature
    }

    /// Reads the QuoteCollateralV3 JSON (as in `shared/vectors/tdx/*/collateral.json` and dcap-qvl).
    public init(v3JSON data: Data) throws(CollateralError) {
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CollateralError.malformed(field: "collateral", reason: "not a JSON object")
            }
            object = o
        } catch let e as CollateralError { throw e } catch {
            throw .malformed(field: "collateral", reason: "invalid JSON: \(error)")
        }
        func string(_ key: String) throws(CollateralError) -> String {
            guard let v = object[key] else { throw .missing(field: key) }
            guard let s = v as? String else { throw .malformed(field: key, reason: "expected a string") }
            return s
        }
        func bytes(_ key: String) throws(CollateralError) -> [UInt8] {
            let v = object[key]
            if let s = v as? String {
                guard let b = Hex.decode(s) else { throw .malformed(field: key, reason: "expected hex") }
                return b
            }
            if let a = v as? [Any] {
                var out = [UInt8]()
                for x in a {
                    guard let n = x as? Int, (0 ... 255).contains(n) else { throw .malformed(field: key, reason: "expected a byte array") }
                    out.append(UInt8(n))
                }
                return out
            }
            throw v == nil ? .missing(field: key) : .malformed(field: key, reason: "expected hex or a byte array")
        }
        self.init(pckCRLIssuerChain: try string("pck_crl_issuer_chain"), rootCACRL: try bytes("root_ca_crl"), pckCRL: try bytes("pck_crl"),
                  tcbInfoIssuerChain: try string("tcb_info_issuer_chain"), tcbInfo: try string("tcb_info"),
                  tcbInfoSignature: try bytes("tcb_info_signature"), qeIdentityIssuerChain: try string("qe_identity_issuer_chain"),
                  qeIdentity: try string("qe_identity"), qeIdentitySignature: try bytes("qe_identity_signature"))
    }

    /// Builds collateral from Intel PCS v4 API responses: the TCB info and QE identity response bodies
    /// (`{"tcbInfo": …, "signature": …}`, `{"enclaveIdentity": …, "signature": …}`), their issuer-chain
    /// headers (`TCB-Info-Issuer-Chain`, `SGX-Enclave-Identity-Issuer-Chain`, URL-encoded or plain PEM),
    /// the PCK CRL and root CA CRL (DER, PEM or hex) and the PCK CRL issuer chain header.
    public init(pcsTCBInfoResponse: String, tcbInfoIssuerChain: String, pcsQEIdentityResponse: String, qeIdentityIssuerChain: String,
                pckCRL: [UInt8], pckCRLIssuerChain: String, rootCACRL: [UInt8]) throws(CollateralError) {
        let (tcb, tcbSig) = try Self.signedMember("tcbInfo", of: pcsTCBInfoResponse, field: "tcb_info response")
        let (qe, qeSig) = try Self.signedMember("enclaveIdentity", of: pcsQEIdentityResponse, field: "qe_identity response")
        self.init(pckCRLIssuerChain: Self.headerPEM(pckCRLIssuerChain), rootCACRL: try Self.crlBytes(rootCACRL, field: "root_ca_crl"),
                  pckCRL: try Self.crlBytes(pckCRL, field: "pck_crl"), tcbInfoIssuerChain: Self.headerPEM(tcbInfoIssuerChain),
                  tcbInfo: tcb, tcbInfoSignature: tcbSig, qeIdentityIssuerChain: Self.headerPEM(qeIdentityIssuerChain),
                  qeIdentity: qe, qeIdentitySignature: qeSig)
    }

    /// The signed member's exact text and the hex `signature` next to it.
    static func signedMember(_ key: String, of body: String, field: String) throws(CollateralError) -> (String, [UInt8]) {
        guard let text = RawJSON.member(key, in: body) else { throw .missing(field: "\(field).\(key)") }
        guard let sigText = RawJSON.member("signature", in: body) else { throw .missing(field: "\(field).signature") }
        guard sigText.count >= 2, let sig = Hex.decode(String(sigText.dropFirst().dropLast())) else {
            throw .malformed(field: "\(field).signature", reason: "expected a hex string")
        }
        return (text, sig)
    }

    /// PCS sends issuer chains URL-encoded in headers; accept both forms.
    static func headerPEM(_ value: String) -> String {
        value.contains("%2D") || value.contains("%0A") ? (value.removingPercentEncoding ?? value) : value
    }

    /// CRLs arrive as DER, as PEM (`X509 CRL`) or as hex text.
    static func crlBytes(_ bytes: [UInt8], field: String) throws(CollateralError) -> [UInt8] {
        if bytes.first == 0x30 { return bytes }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN") {
            guard let doc = try? PEMDocument(pemString: text) else { throw .malformed(field: field, reason: "bad PEM") }
            return doc.derBytes
        }
        if let b = Hex.decode(text) { return b }
        throw .malformed(field: field, reason: "expected DER, PEM or hex")
    }

    /// Reads collateral from a path: a QuoteCollateralV3 JSON file, or a directory holding either
    /// `collateral.json` or the PCS responses `tcb_info.json`, `tcb_info_issuer_chain.pem`,
    /// `qe_identity.json`, `qe_identity_issuer_chain.pem`, `pck_crl.der`, `pck_crl_issuer_chain.pem`
    /// and `root_ca_crl.der`.
    public init(contentsOf path: String) throws(CollateralError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path: path) }
        func read(_ p: String) throws(CollateralError) -> Data {
            guard let d = FileManager.default.contents(atPath: p) else { throw .notFound(path: p) }
            return d
        }
        if !isDir.boolValue {
            try self.init(v3JSON: try read(path))
            return
        }
        let dir = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("collateral.json").path) {
            try self.init(v3JSON: try read(dir.appendingPathComponent("collateral.json").path))
            return
        }
        func text(_ name: String) throws(CollateralError) -> String {
            String(decoding: try read(dir.appendingPathComponent(name).path), as: UTF8.self)
        }
        func bytes(_ name: String) throws(CollateralError) -> [UInt8] { [UInt8](try read(dir.appendingPathComponent(name).path)) }
        try self.init(pcsTCBInfoResponse: try text("tcb_info.json"), tcbInfoIssuerChain: try text("tcb_info_issuer_chain.pem"),
                      pcsQEIdentityResponse: try text("qe_identity.json"), qeIdentityIssuerChain: try text("qe_identity_issuer_chain.pem"),
                      pckCRL: try bytes("pck_crl.der"), pckCRLIssuerChain: try text("pck_crl_issuer_chain.pem"),
                      rootCACRL: try bytes("root_ca_crl.der"))
    }

    /// The QuoteCollateralV3 JSON (hex for byte fields), as dcap-qvl reads it.
    public func v3JSON() -> Data {
        let o: [String: String] = [
            "pck_crl_issuer_chain": pckCRLIssuerChain, "root_ca_crl": Hex.encode(rootCACRL), "pck_crl": Hex.encode(pckCRL),
            "tcb_info_issuer_chain": tcbInfoIssuerChain, "tcb_info": tcbInfo, "tcb_info_signature": Hex.encode(tcbInfoSignature),
            "qe_identity_issuer_chain": qeIdentityIssuerChain, "qe_identity": qeIdentity,
            "qe_identity_signature": Hex.encode(qeIdentitySignature),
        ]
        return (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }
}
