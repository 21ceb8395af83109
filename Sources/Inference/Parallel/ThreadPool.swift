#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import InferenceKernels
import Synchronization

/// A fixed set of compute threads that run one job at a time, each thread taking its share.
///
/// A decode step dispatches ~120 small matrix products; waking threads through the kernel for
/// each would cost more than the products. Workers therefore spin for a short while after a job
/// (the next one almost always follows within microseconds) and only then sleep on a condition
/// variable, so an idle node uses no CPU.
public final class ThreadPool: @unchecked Sendable {
    public let threadCount: Int

    private let generation = Atomic<UInt64>(0)
    private let remaining = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var job: ((Int) -> Void)?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var threads: [pthread_t] = []

    /// Spin iterations before a worker sleeps (~100 µs).
    private let spinLimit = 20_000

    public init(threads: Int) {
        threadCount = max(1, threads)
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 1..<threadCount {
            let box = Unmanaged.passRetained(WorkerStart(pool: self, index: index))
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                let start = Unmanaged<WorkerStart>.fromOpaque(raw!).takeRetainedValue()
                start.pool.workerLoop(index: start.index)
                return nil
            }, box.toOpaque())
            precondition(rc == 0, "pthread_create failed: \(rc)")
            self.threads.append(thread)
        }
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for t in threads { pthread_join(t, nil) }
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body(threadIndex)` once on every thread (index 0 on the caller) and returns when
    /// all have finished. Not reentrant: call from one thread at a time.
    public func run(_ body: (Int) -> Void) {
        if threadCount == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            remaining.store(threadCount - 1, ordering: .relaxed)
            // Sequentially consistent with the sleeper's increment-then-check, so a worker either
            // sees the new generation or is counted here and woken.
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
            }
            escapable(0)
            while remaining.load(ordering: .acquiring) > 0 { spinPause() }
            job = nil
        }
    }

    /// Splits `0..<count` into one contiguous range per thread and runs `body` on each.
    public func parallelFor(_ count: Int, _ body: (Range<Int>) -> Void) {
        let parts = min(threadCount, max(count, 1))
        if parts == 1 {
            body(0..<count)
            return
        }
        run { index in
            guard index < parts else { return }
            let lo = count * index / parts, hi = count * (index + 1) / parts
            if lo < hi { body(lo..<hi) }
        }
    }

    private func workerLoop(index: Int) {
        var seen = generation.load(ordering: .acquiring)
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                if stopping.load(ordering: .relaxed) { return }
                spins += 1
                if spins < spinLimit {
                    spinPause()
                } else {
                    pthread_mutex_lock(mutex)
                    sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                    while generation.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .relaxed) {
                        pthread_cond_wait(condition, mutex)
                    }
                    sleepers.wrappingSubtract(1, ordering: .relaxed)
                    pthread_mutex_unlock(mutex)
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            job?(index)
            remaining.wrappingSubtract(1, ordering: .releasing)
        }
    }

    @inline(__always) private func spinPause() {
        dcml_cpu_relax()
    }
}

private final class WorkerStart {
    let pool: ThreadPool
    let index: Int
    init(pool: ThreadPool, index: Int) {
        self.pool = pool
        self.index = index
    }
}
