/// `GET /v1/attestation/report` (DESIGN.md, Wire decisions): the quote over
/// SHA-256(signing key ‖ SHA-256(TLS SPKI)) ‖ nonce, the event log (dstack's JSON, as a string, as
/// dstack's GetQuote returns it), the keys, the workload and model identity, GPU evidence.
struct AttestationReport: Codable, Sendable {
    struct GPU: Codable, Sendable {
        var arch: String
        /// SPDM GET_MEASUREMENTS request+response, hex.
        var evidence: String
        var certificateChain: String
        var nonce: String
        var simulated: Bool

        enum CodingKeys: String, CodingKey { case arch, evidence, certificateChain = "certificate_chain", nonce, simulated }
    }

    var tee: String
    var nonce: String
    var quote: String
    var eventLog: String
    var reportData: String
    var signingAlgo: String
    var signingPublicKey: String
    var tlsSPKISHA256: String
    var composeHash: String
    var appCompose: String
    var modelHash: String
    var gpuEvidence: GPU?

    enum CodingKeys: String, CodingKey {
        case tee, nonce, quote, eventLog = "event_log", reportData = "report_data", signingAlgo = "signing_algo"
        case signingPublicKey = "signing_public_key", tlsSPKISHA256 = "tls_spki_sha256", composeHash = "compose_hash"
        case appCompose = "app_compose", modelHash = "model_hash", gpuEvidence = "gpu_evidence"
    }
}
