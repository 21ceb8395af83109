/// The call a pooled instance's host functions serve right now. Host functions are bound once,
/// at instantiation; the box lets one instance serve many calls, one at a time.
final class NearCallContextBox {
    var current: NearCallContext?
}
