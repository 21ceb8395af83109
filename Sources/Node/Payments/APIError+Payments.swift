import Hummingbird
import NearLightClient
import Payments

/// The payment API's refusals in OpenAI's error shape: 402 where more money (or a voucher) would
/// help, 401 where the voucher is not acceptable, 409 where the channel is not in a state to do
/// it, 400 for a proof or request that does not check out.
extension APIError {
    static func payment(_ rejection: PaymentRejection) -> APIError {
        let code: String
        switch rejection {
        case .noOpenChannel: code = "no_channel"
        // Either way the payer's remedy is a new grant (POST /v1/payments/session).
        case .badVoucher(.noSession), .badVoucher(.badMAC): code = "session_unknown"
        case .badVoucher: code = "invalid_voucher"
        case .insufficientDeposit: code = "insufficient_deposit"
        case .voucherBelowCost: code = "voucher_below_cost"
        case .priceOverflow: code = "price_overflow"
        }
        return APIError(status: .init(code: rejection.httpStatus), type: errorType(forStatus: rejection.httpStatus), code: code, message: rejection.description)
    }

    static func voucherRequired(channels: Int) -> APIError {
        APIError(status: .init(code: 402), type: "payment_error", code: "voucher_required",
                 message: "this node charges a payment channel for completions: expected a voucher in the \(Voucher.headerName) header "
                     + "(base64 of the voucher's JSON, signed with the channel's payer key or MACed with a granted session key); \(channels) channel(s) are open")
    }

    static func invalidVoucher(_ error: PaymentFormatError) -> APIError {
        APIError(status: .unauthorized, type: "authentication_error", code: "invalid_voucher", param: Voucher.headerName, message: error.description)
    }

    static func noChannel(_ channel: UInt64, closed: Bool) -> APIError {
        APIError(status: .conflict, type: "payment_error", code: "no_channel",
                 message: closed
                     ? "channel \(channel) is closed on this node; expected an open channel (open a new one with a fresh challenge)"
                     : "channel \(channel) is not established on this node; expected a channel established with POST /v1/payments/channel")
    }

    /// A channel opened with a challenge that expired before it was established. The node has
    /// closed it at zero spent (it never served it); the message says how to get the approval.
    static func challengeExpired(channel: UInt64, challenge: Challenge, lifetime: Double) -> APIError {
        APIError(status: .conflict, type: "payment_error", code: "challenge_expired",
                 message: "channel \(channel) was opened with challenge \(challenge), which expired \(Int(lifetime)) s after this node handed it out, "
                     + "before the channel was established; expected a channel established in time. This node never served the channel and has closed it at zero spent: "
                     + "POST /v1/payments/close {\"channel_id\": \(channel)} returns the approval for the contract's close_cooperative (both deposits go back), "
                     + "and POST /v1/payments/answer_force_close answers a force close with the same approval. Open a new channel with a fresh challenge.")
    }

    static func ledger(_ error: LedgerError) -> APIError {
        switch error {
        case .staleState:
            return APIError(status: .conflict, type: "payment_error", code: "stale_channel_state", message: error.description)
        case .channel(let state):
            return APIError(status: .conflict, type: "payment_error", code: "channel_state", message: state.description)
        default:
            return .internalError("the payment ledger failed: \(error)")
        }
    }

    static func invalidProof(_ message: String) -> APIError {
        APIError(status: .badRequest, type: "invalid_request_error", code: "invalid_proof", param: "outcome_proof", message: message)
    }

    static func invalidLightClientBlock(_ message: String) -> APIError {
        APIError(status: .badRequest, type: "invalid_request_error", code: "invalid_light_client_block", param: "light_client_head", message: message)
    }

    static func invalidChannel(_ message: String) -> APIError {
        APIError(status: .badRequest, type: "invalid_request_error", code: "invalid_channel", param: "outcome_proof", message: message)
    }

    private static func errorType(forStatus status: Int) -> String {
        switch status {
        case 401: return "authentication_error"
        case 400: return "invalid_request_error"
        default: return "payment_error"
        }
    }
}
