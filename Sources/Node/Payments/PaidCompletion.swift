import Hummingbird
import Inference
import Payments

/// One completion a voucher paid for: the reservation its channel holds until generation ends.
///
/// Settled with the engine's actual token counts once the generation finishes; `settle` returns
/// when the charge is durable, so a whole response goes out only after it, and a stream's final
/// usage chunk only after it. A request that fails before producing anything, or on the engine's
/// side, is released (the payer is not charged for the node's failure); one whose client went
/// away mid-generation is charged its reserved maximum — the payer's voucher authorized that
/// much, and the tokens were spent. The reservation itself is held in memory only, so a request
/// the node is killed in the middle of is not charged at all (see `ChannelLedger`).
struct PaidCompletion: Sendable {
    static let spentHeader = "X-DCML-Channel-Spent"

    let ledger: ChannelLedger
    let reservation: Reservation

    /// Charges the tokens generated; returns the channel's cumulative spent after them.
    func settle(_ usage: TokenUsage) async throws(APIError) -> UInt128 {
        do {
            return try await ledger.settle(reservation, completionTokens: UInt64(max(0, usage.completionTokens))).spent
        } catch {
            throw .ledger(error)
        }
    }

    /// Ends a request that did not finish: released, or charged its maximum if the client went away.
    func abandon(after error: any Error) async {
        // Best effort: a failure here leaves the reservation in memory, holding its maximum
        // against the deposit, until the node restarts (which forgets it, uncharged).
        if error is CancellationError {
            _ = try? await ledger.settle(reservation, completionTokens: reservation.maxCompletionTokens)
        } else {
            try? await ledger.release(reservation)
        }
    }
}

extension PaymentService {
    /// Authorizes `call` against the voucher in `headers` before anything is generated: parses
    /// the voucher, counts the prompt's tokens, and lets the channel's ledger reserve the
    /// request's maximum (402 if the deposit or the voucher's cap cannot cover it). The voucher's
    /// signature is verified once, inside the ledger's state machine.
    nonisolated func authorize(_ call: CompletionCall, headers: HTTPFields, engine: any InferenceEngine) async throws(APIError) -> PaidCompletion {
        guard let header = headers[PaidCompletion.voucherField] else { throw .voucherRequired(channels: await openChannels) }
        let voucher: Voucher
        do { voucher = try Voucher(headerValue: header) } catch { throw .invalidVoucher(error) }
        let (prompt, maxCompletion) = try Self.tokenBudget(call, engine: engine)
        var ledger = try await ledger(charging: voucher.channel)
        let action: ProviderChannelStateMachine.AuthorizeAction
        do {
            action = try await ledger.authorize(voucher: voucher, promptTokens: prompt, maxCompletionTokens: maxCompletion)
        } catch .halted {
            // A failed commit stopped this instance: go on with the channel recovered from disk.
            ledger = try await recovered(ledger, channel: voucher.channel)
            do { action = try await ledger.authorize(voucher: voucher, promptTokens: prompt, maxCompletionTokens: maxCompletion) } catch {
                throw .ledger(error)
            }
        } catch {
            throw .ledger(error)
        }
        switch action {
        case .proceed(let reservation): return PaidCompletion(ledger: ledger, reservation: reservation)
        case .reject(let rejection): throw .payment(rejection)
        }
    }

    /// The prompt's tokens, counted by the engine that will generate, and the most completion
    /// tokens the request may produce (`max_tokens`, or what the context leaves).
    private static func tokenBudget(_ call: CompletionCall, engine: any InferenceEngine) throws(APIError) -> (prompt: UInt64, maxCompletion: UInt64) {
        let current = (engine as? ModelSlot)?.snapshot().engine ?? engine
        guard let local = current as? LocalEngine else {
            throw APIError(status: .notImplemented, type: "server_error", code: "cannot_count_tokens",
                           message: "this paid node cannot count prompt tokens before generating (it forwards to a backend); expected the embedded engine")
        }
        let prompt: Int
        do { prompt = try local.tokenize(call.generation.prompt).count } catch let error as InferenceError {
            throw APIError(error)
        } catch {
            throw .invalid("messages", "the prompt cannot be tokenized: \(error)")
        }
        let room = local.contextLength - prompt
        guard room >= (call.generation.maxTokens ?? 1) else {
            throw .invalid(nil, "the prompt has \(prompt) tokens and asks for up to \(call.generation.maxTokens ?? 1) more, but this model's context holds \(local.contextLength)",
                           code: "context_length_exceeded")
        }
        return (UInt64(prompt), UInt64(call.generation.maxTokens ?? room))
    }
}

extension PaidCompletion {
    static let voucherField = FieldName(Voucher.headerName)!
    static let spentField = FieldName(spentHeader)!
}
