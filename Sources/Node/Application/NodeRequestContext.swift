import Hummingbird

/// Per-request context of the node's router. Its own type (rather than
/// `BasicRequestContext`) so later layers — response signing, payment channels — can carry
/// per-request state without changing every route's signature.
public struct NodeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
