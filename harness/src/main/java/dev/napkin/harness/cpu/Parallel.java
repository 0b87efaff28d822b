package dev.napkin.harness.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of worker threads that runs numbered tasks. The caller takes part as worker 0, so one thread means
 * no extra threads at all. Tasks are handed out in order from a shared counter; every op splits its work so that
 * each output element is written by exactly one task with a fixed summation order, which makes results identical
 * for any thread count.
 *
 * <p>A task that throws, on the caller or on a worker, ends its region: no further task is handed out, every worker
 * finishes the task it is in and leaves the region, and only then does {@link #run} rethrow the first failure (any
 * later one added to it as suppressed). The team is then ready for the next region.
 */
final class Parallel implements AutoCloseable {
    /** One parallel region's body: {@code task} in [0, tasks), {@code worker} in [0, threads) for per-worker scratch. */
    @FunctionalInterface
    interface Body {
        void run(int task, int worker);
    }

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Body body;
    private volatile int tasks;
    private volatile long generation;
    private volatile boolean closed;
    /** Set by a task's failure: the region hands out no more tasks. Read before each task, cleared as a region starts. */
    private volatile boolean stopped;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread owner;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.owner = Thread.currentThread();
        this.workers = new Thread[threads - 1];
        for (int w = 1; w < threads; w++) {
            int worker = w;
            Thread t = new Thread(() -> workLoop(worker), "napkin-cpu-" + w);
            t.setDaemon(true);
            workers[w - 1] = t;
            t.start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every task in [0, tasks) and returns when all are done; if a task throws, rethrows that
     * once every worker has left the region, with the rest of the region's tasks not run.
     */
    void run(int taskCount, Body work) {
        if (taskCount <= 0) {
            return;
        }
        if (taskCount > Integer.MAX_VALUE - threads) {
            throw new IllegalArgumentException(taskCount + " tasks is more than a team of " + threads
                    + " threads can count; split the work into fewer tasks");
        }
        if (threads == 1 || taskCount == 1) {
            for (int t = 0; t < taskCount; t++) {
                work.run(t, 0);
            }
            return;
        }
        failure.set(null);
        stopped = false;
        next.set(0);
        pending.set(threads - 1);
        tasks = taskCount;
        body = work;
        // the volatile write that publishes everything above to the workers
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        try {
            drain(work, taskCount, 0);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
        // every worker leaves the region, failed or not, before the caller does: none may still be in this body
        // when the next region resets the counter. Spin briefly, then yield (regions last microseconds to seconds).
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        body = null;
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /**
     * Runs tasks until none is left or the region has failed. Each thread takes at most one index at or past
     * {@code taskCount} before it leaves, so the counter stays below taskCount + threads and never wraps.
     */
    private void drain(Body work, int taskCount, int worker) {
        int t;
        while (!stopped && (t = next.getAndIncrement()) < taskCount) {
            work.run(t, worker);
        }
    }

    /** Records a task's failure (the first one wins, later ones are suppressed into it) and stops the region. */
    private void fail(Throwable e) {
        stopped = true;
        if (!failure.compareAndSet(null, e)) {
            Throwable first = failure.get();
            if (first != e) {
                first.addSuppressed(e);
            }
        }
    }

    private void workLoop(int worker) {
        long seen = 0;
        while (!closed) {
            if (generation == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = generation;
            Body work = body;
            try {
                if (work != null) {
                    drain(work, tasks, worker);
                }
            } catch (RuntimeException | Error e) {
                // hand the failure to the caller, who rethrows it once every worker has left the region
                fail(e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        if (Thread.currentThread() == owner) {
            for (Thread w : workers) {
                try {
                    w.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
