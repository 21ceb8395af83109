extension AsyncStream {
    /// The first element, or nil if the stream finishes first: how a test learns the port a
    /// server it started bound.
    ///
    /// Read with for-await on purpose: a local iterator's `next()` in the function that started
    /// the server (`var it = stream.makeAsyncIterator(); await it.next()`, then a `defer` that
    /// cancels the server and an `await` of the test body) unbalanced the task allocator under
    /// Swift 6.3.1, which aborts later with "freed pointer was not the last allocation".
    public func first() async -> Element? {
        for await element in self { return element }
        return nil
    }
}
