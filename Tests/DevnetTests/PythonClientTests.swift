import Foundation
import TestSupport
import NearLightClient
import Testing
@testable import Devnet

/// NEAR Inc's own Python client (`near-api-py` from PyPI, unmodified: its own borsh schema and
/// ed25519 signing) against the devnet's RPC: create an account with a key, send a transfer,
/// read the account and the transaction back.
@Suite struct PythonClientTests {
    static let requirement = "near-api-py==0.1.0"

    static let script = #"""
    import json, sys
    import requests
    from near_api.providers import JsonProvider
    from near_api.signer import Signer, KeyPair
    from near_api.account import Account

    url, secret, new_secret = sys.argv[1], sys.argv[2], sys.argv[3]

    class Provider(JsonProvider):
        """The library's own provider with a longer read timeout than its 2 s default (the suite
        shares two cores with many other tests); requests and signing are the library's."""
        def json_rpc(self, method, params, timeout=30):
            return super().json_rpc(method, params, timeout=max(timeout, 30))

        def get_status(self):
            # The library's own request (GET /status), with the longer timeout.
            r = requests.get("%s/status" % self.rpc_addr(), timeout=30)
            r.raise_for_status()
            return r.json()

    provider = Provider(url)
    account = Account(provider, Signer("test.near", KeyPair(secret)), "test.near")
    bob_key = KeyPair(new_secret)
    created = account.create_account("bob.test.near", bob_key.public_key, 10**24)
    sent = account.send_money("bob.test.near", 12345)
    bob = provider.get_account("bob.test.near")
    bob_keys = provider.get_access_key_list("bob.test.near")
    tx = provider.get_tx(sent["transaction_outcome"]["id"], "test.near")
    bob_account = Account(provider, Signer("bob.test.near", bob_key), "bob.test.near")
    back = bob_account.send_money("test.near", 1000)
    print("RESULT " + json.dumps({
        "created": created["status"], "sent": sent["status"], "bob_amount": bob["amount"],
        "bob_keys": [k["public_key"] for k in bob_keys["keys"]], "tx_signer": tx["transaction"]["signer_id"],
        "tx_status": tx["status"], "back": back["status"],
    }))
    """#

    @Test func nearApiPyCreatesAnAccountAndTransfers() async throws {
        try await withDevnet { t, rpc in
            let bob = SecretKey.generate()
            let secret = t.key.nearString
            let url = rpc.url
            let output = try await Task.detached {
                try PythonPackages.run(script: Self.script, arguments: [url, secret, bob.nearString], requirements: [Self.requirement])
            }.value
            let line = try require(output.split(separator: "\n").last { $0.hasPrefix("RESULT ") }, "no RESULT line in: \(output)")
            let result = try JSONDecoder().decode(JSONValue.self, from: Data(line.dropFirst(7).utf8))
            #expect(result["created"] == .object(["SuccessValue": .string("")]))
            #expect(result["sent"] == .object(["SuccessValue": .string("")]))
            #expect(result["back"] == .object(["SuccessValue": .string("")]))
            #expect(result["tx_signer"] == .string("test.near"))
            #expect(result["bob_keys"] == .array([.string(bob.publicKey.description)]))
            // 1 NEAR + 12345 yocto in; bob's own transfer back paid 1000 plus fees.
            let bobNow = try require(await t.chain.state.accounts["bob.test.near"]).amount
            #expect(result["bob_amount"] == .string(String(UInt128(1_000_000_000_000_000_000_000_000) + 12345)))
            #expect(bobNow < UInt128(1_000_000_000_000_000_000_000_000) + 12345 - 1000)
        }
    }
}
