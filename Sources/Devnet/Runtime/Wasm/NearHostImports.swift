import ContractTooling
import NearLightClient
import WasmKit

/// NEAR's host functions (module `env`, NEAR's names and u64 signatures) bound to one call's
/// context. Names NEAR defines that the devnet does not implement still link, and fail the call
/// with a message naming them when used, as nearcore would for a disabled feature.
enum NearHostImports {
    static func make(_ box: NearCallContextBox, store: Store, schedule s: NearGasSchedule) -> Imports {
        var imports = Imports()
        var implemented: Set<String> = []

        func define(_ name: String, _ body: @escaping (NearCallContext, [UInt64]) throws(NearHostError) -> UInt64?) {
            guard let signature = NearHostFunctions.all[name] else { preconditionFailure("\(name) is not a NEAR host function") }
            implemented.insert(name)
            let function = Function(store: store, parameters: signature.parameters.map(\.wasmKit), results: signature.results.map(\.wasmKit)) { _, args in
                guard let ctx = box.current else { throw NearHostError.unsupported("host calls outside a contract call") }
                var raw: [UInt64] = []
                raw.reserveCapacity(args.count)
                for arg in args {
                    switch arg {
                    case .i64(let v): raw.append(v)
                    case .i32(let v): raw.append(UInt64(v))
                    default: raw.append(0)
                    }
                }
                try ctx.charge(s.base)
                let result = try body(ctx, raw)
                return result.map { [.i64($0)] } ?? []
            }
            imports.define(module: NearHostFunctions.module, name: name, function)
        }

        // registers
        define("read_register") { c, a throws(NearHostError) in
            guard let data = c.registers[a[0]] else { throw c.fail(.invalidRegisterId(a[0])) }
            try c.charge(s.readRegisterBase &+ s.readRegisterByte &* UInt64(data.count))
            try c.write(a[1], data)
            return nil
        }
        define("register_len") { c, a throws(NearHostError) in c.registers[a[0]].map { UInt64($0.count) } ?? UInt64.max }
        define("write_register") { c, a throws(NearHostError) in try c.setRegister(a[0], try c.read(a[2], a[1])); return nil }

        // context
        define("current_account_id") { c, a throws(NearHostError) in try c.setRegister(a[0], Array(c.call.contractId.utf8)); return nil }
        define("signer_account_id") { c, a throws(NearHostError) in
            try c.forbidInView("signer_account_id"); try c.setRegister(a[0], Array(c.call.signerId.utf8)); return nil
        }
        define("signer_account_pk") { c, a throws(NearHostError) in
            try c.forbidInView("signer_account_pk"); try c.setRegister(a[0], c.call.signerPublicKey); return nil
        }
        define("predecessor_account_id") { c, a throws(NearHostError) in
            try c.forbidInView("predecessor_account_id"); try c.setRegister(a[0], Array(c.call.predecessorId.utf8)); return nil
        }
        define("input") { c, a throws(NearHostError) in try c.setRegister(a[0], c.call.args); return nil }
        define("block_index") { c, _ throws(NearHostError) in c.call.blockHeight }
        define("block_timestamp") { c, _ throws(NearHostError) in c.call.blockTimestamp }
        define("epoch_height") { c, _ throws(NearHostError) in c.call.epochHeight }
        define("storage_usage") { c, _ throws(NearHostError) in c.storageUsage }

        // economics
        define("account_balance") { c, a throws(NearHostError) in try c.writeU128(a[0], c.balance); return nil }
        define("account_locked_balance") { c, a throws(NearHostError) in try c.writeU128(a[0], c.call.lockedBalance); return nil }
        define("attached_deposit") { c, a throws(NearHostError) in
            try c.forbidInView("attached_deposit"); try c.writeU128(a[0], c.call.deposit); return nil
        }
        define("prepaid_gas") { c, _ throws(NearHostError) in try c.forbidInView("prepaid_gas"); return c.call.gas }
        define("used_gas") { c, _ throws(NearHostError) in try c.forbidInView("used_gas"); try c.charge(0); return c.gasUsed }

        // crypto
        define("random_seed") { c, a throws(NearHostError) in try c.setRegister(a[0], c.call.randomSeed); return nil }
        define("sha256") { c, a throws(NearHostError) in
            let data = try c.read(a[1], a[0])
            try c.charge(s.sha256Base &+ s.sha256Byte &* a[0])
            try c.setRegister(a[2], CryptoHash.hash(data).bytes)
            return nil
        }
        define("ed25519_verify") { c, a throws(NearHostError) in
            let signature = try c.read(a[1], a[0])
            let message = try c.read(a[3], a[2])
            let key = try c.read(a[5], a[4])
            try c.charge(s.ed25519VerifyBase &+ s.ed25519VerifyByte &* a[2])
            guard let sig = try? Signature(ed25519: signature), let pk = try? PublicKey(ed25519: key) else { return 0 }
            return pk.verify(sig, for: message) ? 1 : 0
        }

        // results, logs, panics
        define("value_return") { c, a throws(NearHostError) in c.returned = .value(try c.read(a[1], a[0])); return nil }
        define("panic") { c, _ throws(NearHostError) in throw c.fail(.guestPanic("explicit guest panic")) }
        define("panic_utf8") { c, a throws(NearHostError) in throw c.fail(.guestPanic(try c.readUTF8(a[1], a[0]))) }
        define("log_utf8") { c, a throws(NearHostError) in
            let message = try c.readUTF8(a[1], a[0])
            try c.charge(s.logBase &+ s.logByte &* a[0])
            guard c.logs.count < s.maxNumberLogs else { throw c.fail(.numberOfLogsExceeded) }
            c.totalLogLength += message.utf8.count
            guard c.totalLogLength <= s.maxTotalLogLength else { throw c.fail(.totalLogLengthExceeded(UInt64(c.totalLogLength))) }
            c.logs.append(message)
            return nil
        }

        // promises (transfers)
        define("promise_batch_create") { c, a throws(NearHostError) in
            try c.forbidInView("promise_batch_create")
            let receiver = try c.readUTF8(a[1], a[0])
            guard AccountId.isValid(receiver) else { throw c.fail(.invalidAccountId) }
            try c.charge(s.promiseCreate, prepaid: s.promiseCreate)
            c.promises.append(NearPromise(receiverId: receiver, actions: [], prepaidGas: s.promiseCreate))
            return UInt64(c.promises.count - 1)
        }
        define("promise_batch_action_transfer") { c, a throws(NearHostError) in
            try c.forbidInView("promise_batch_action_transfer")
            guard a[0] < UInt64(c.promises.count) else { throw c.fail(.invalidPromiseIndex(a[0])) }
            let amount = try c.readU128(a[1])
            try c.charge(s.transferAction, prepaid: s.transferAction)
            guard amount <= c.balance else { throw c.fail(.balanceExceeded) }
            c.balance -= amount
            c.promises[Int(a[0])].actions.append(.transfer(amount))
            c.promises[Int(a[0])].prepaidGas &+= s.transferAction
            return nil
        }
        define("promise_return") { c, a throws(NearHostError) in
            try c.forbidInView("promise_return")
            guard a[0] < UInt64(c.promises.count) else { throw c.fail(.invalidPromiseIndex(a[0])) }
            try c.charge(s.promiseReturn)
            c.returned = .promise(Int(a[0]))
            return nil
        }
        define("promise_results_count") { c, _ throws(NearHostError) in try c.forbidInView("promise_results_count"); return 0 }

        // storage
        define("storage_write") { c, a throws(NearHostError) in
            try c.forbidInView("storage_write")
            let key = try c.read(a[1], a[0])
            let value = try c.read(a[3], a[2])
            try c.charge(s.storageWriteBase &+ s.storageWriteKeyByte &* a[0] &+ s.storageWriteValueByte &* a[2])
            if let old = c.writeStorage(key, value) { try c.setRegister(a[4], old); return 1 }
            return 0
        }
        define("storage_read") { c, a throws(NearHostError) in
            let key = try c.read(a[1], a[0])
            let value = c.storageValue(key)
            try c.charge(s.storageReadBase &+ s.storageReadKeyByte &* a[0] &+ s.storageReadValueByte &* UInt64(value?.count ?? 0))
            guard let value else { return 0 }
            try c.setRegister(a[2], value)
            return 1
        }
        define("storage_remove") { c, a throws(NearHostError) in
            try c.forbidInView("storage_remove")
            let key = try c.read(a[1], a[0])
            try c.charge(s.storageRemoveBase &+ s.storageRemoveKeyByte &* a[0])
            guard let old = c.writeStorage(key, nil) else { return 0 }
            try c.setRegister(a[2], old)
            return 1
        }
        define("storage_has_key") { c, a throws(NearHostError) in
            let key = try c.read(a[1], a[0])
            try c.charge(s.storageHasKeyBase &+ s.storageHasKeyByte &* a[0])
            return c.storageValue(key) == nil ? 0 : 1
        }

        for (name, _) in NearHostFunctions.all where !implemented.contains(name) {
            define(name) { c, _ throws(NearHostError) in throw c.fail(.unsupported(name)) }
        }
        return imports
    }
}

extension WasmValueType {
    var wasmKit: WasmKit.ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        }
    }
}
