#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import InferenceKernels
import Synchronization

/// A fixed set of compute threads that share one job at a time by taking small chunks of it.
///
/// A decode step dispatches ~120 small matrix products; waking threads through the kernel for
/// each would cost more than the products. Workers therefore spin for a short while after a job
/// (the next one almost always follows within microseconds) and only then sleep, so an idle
/// node uses no CPU. Chunks are claimed dynamically: when the machine is busy and a worker is
/// not scheduled, the caller simply does its share, never waiting for a thread that has not
/// started.
public final class ThreadPool: @unchecked Sendable {
    public let threadCount: Int

    private let generation = Atomic<UInt64>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let current = Mutex<Job?>(nil)
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var threads: [pthread_t] = []

    /// Spin iterations before a worker sleeps (tens of microseconds).
    private let spinLimit = 20_000

    /// One dispatched job. Workers that arrive after the last chunk was claimed do nothing, so
    /// the body (a non-escaping closure of the caller) is never called once `parallelFor`
    /// returned; the caller also drops it before returning, since a late worker may still hold
    /// the job itself.
    private final class Job: @unchecked Sendable {
        var body: ((Range<Int>) -> Void)?
        let count: Int
        let chunk: Int
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)

        init(body: @escaping (Range<Int>) -> Void, count: Int, chunk: Int) {
            self.body = body
            self.count = count
            self.chunk = chunk
        }

        /// Claims and runs chunks until none are left.
        func work() {
            while true {
                let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                guard start < count else { return }
                let end = min(count, start + chunk)
                body!(start..<end)
                finished.wrappingAdd(end - start, ordering: .releasing)
            }
        }
    }

    public init(threads: Int) {
        threadCount = max(1, threads)
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 1..<threadCount {
            let box = Unmanaged.passRetained(self)
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                let pool = Unmanaged<ThreadPool>.fromOpaque(raw!).takeUnretainedValue()
                pool.workerLoop()
                Unmanaged<ThreadPool>.fromOpaque(raw!).release()
                return nil
            }, box.toOpaque())
            precondition(rc == 0, "pthread_create failed: \(rc)")
            _ = index
            self.threads.append(thread)
        }
    }

    /// Stops the workers. The pool keeps itself alive while they run, so call this to free it.
    public func shutdown() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for t in threads { pthread_join(t, nil) }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` over `0..<count` in chunks spread over the threads; returns when all are done.
    /// `grain` is the smallest chunk worth handing to another thread. Not reentrant.
    public func parallelFor(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        if threadCount == 1 || count <= grain {
            body(0..<count)
            return
        }
        // About four chunks per thread: small enough to balance, large enough to stay cheap.
        let chunk = max(grain, (count + 4 * threadCount - 1) / (4 * threadCount))
        withoutActuallyEscaping(body) { escapable in
            let job = Job(body: escapable, count: count, chunk: chunk)
            current.withLock { $0 = job }
            // Sequentially consistent with the sleeper's increment-then-check, so a worker either
            // sees the new generation or is counted here and woken.
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
            }
            job.work()
            while job.finished.load(ordering: .acquiring) < count { dcml_cpu_relax() }
            current.withLock { $0 = nil }
            job.body = nil
        }
    }

    private func workerLoop() {
        var seen = generation.load(ordering: .acquiring)
        while !stopping.load(ordering: .relaxed) {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                if stopping.load(ordering: .relaxed) { return }
                spins += 1
                if spins < spinLimit {
                    dcml_cpu_relax()
                    continue
                }
                pthread_mutex_lock(mutex)
                sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .relaxed) {
                    pthread_cond_wait(condition, mutex)
                }
                sleepers.wrappingSubtract(1, ordering: .relaxed)
                pthread_mutex_unlock(mutex)
                spins = 0
            }
            seen = generation.load(ordering: .acquiring)
            current.withLock { $0 }?.work()
        }
    }
}
