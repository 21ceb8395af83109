import Foundation

/// Runs blocking work (a child process, a pipe read) on its own thread, so it never holds
/// one of the few cooperative-pool threads the node under test needs to answer it.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
