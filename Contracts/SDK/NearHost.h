// NEAR's host functions, imported from module `env` with NEAR's names and signatures (every
// integer is a u64; pointers are offsets into this module's memory). Declared in C so calls use
// the C calling convention: Swift's own convention pads wasm signatures with context parameters,
// which would no longer match NEAR's. Contracts use the typed wrappers on `Near` instead.
#pragma once
#include <stdint.h>

#define NEAR_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

NEAR_IMPORT(read_register) void near_read_register(uint64_t register_id, uint64_t ptr);
NEAR_IMPORT(register_len) uint64_t near_register_len(uint64_t register_id);
NEAR_IMPORT(write_register) void near_write_register(uint64_t register_id, uint64_t data_len, uint64_t data_ptr);
NEAR_IMPORT(current_account_id) void near_current_account_id(uint64_t register_id);
NEAR_IMPORT(signer_account_id) void near_signer_account_id(uint64_t register_id);
NEAR_IMPORT(signer_account_pk) void near_signer_account_pk(uint64_t register_id);
NEAR_IMPORT(predecessor_account_id) void near_predecessor_account_id(uint64_t register_id);
NEAR_IMPORT(input) void near_input(uint64_t register_id);
NEAR_IMPORT(block_index) uint64_t near_block_index(void);
NEAR_IMPORT(block_timestamp) uint64_t near_block_timestamp(void);
NEAR_IMPORT(epoch_height) uint64_t near_epoch_height(void);
NEAR_IMPORT(storage_usage) uint64_t near_storage_usage(void);
NEAR_IMPORT(account_balance) void near_account_balance(uint64_t balance_ptr);
NEAR_IMPORT(account_locked_balance) void near_account_locked_balance(uint64_t balance_ptr);
NEAR_IMPORT(attached_deposit) void near_attached_deposit(uint64_t balance_ptr);
NEAR_IMPORT(prepaid_gas) uint64_t near_prepaid_gas(void);
NEAR_IMPORT(used_gas) uint64_t near_used_gas(void);
NEAR_IMPORT(random_seed) void near_random_seed(uint64_t register_id);
NEAR_IMPORT(sha256) void near_sha256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(ed25519_verify) uint64_t near_ed25519_verify(uint64_t signature_len, uint64_t signature_ptr, uint64_t message_len, uint64_t message_ptr, uint64_t public_key_len, uint64_t public_key_ptr);
NEAR_IMPORT(value_return) void near_value_return(uint64_t value_len, uint64_t value_ptr);
NEAR_IMPORT(panic_utf8) void near_panic_utf8(uint64_t len, uint64_t ptr);
NEAR_IMPORT(log_utf8) void near_log_utf8(uint64_t len, uint64_t ptr);
NEAR_IMPORT(promise_batch_create) uint64_t near_promise_batch_create(uint64_t account_id_len, uint64_t account_id_ptr);
NEAR_IMPORT(promise_batch_action_transfer) void near_promise_batch_action_transfer(uint64_t promise_index, uint64_t amount_ptr);
NEAR_IMPORT(promise_return) void near_promise_return(uint64_t promise_index);
NEAR_IMPORT(storage_write) uint64_t near_storage_write(uint64_t key_len, uint64_t key_ptr, uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(storage_read) uint64_t near_storage_read(uint64_t key_len, uint64_t key_ptr, uint64_t register_id);
NEAR_IMPORT(storage_remove) uint64_t near_storage_remove(uint64_t key_len, uint64_t key_ptr, uint64_t register_id);
NEAR_IMPORT(storage_has_key) uint64_t near_storage_has_key(uint64_t key_len, uint64_t key_ptr);
