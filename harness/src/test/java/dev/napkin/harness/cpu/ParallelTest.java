package dev.napkin.harness.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The team's failure path: a task that throws, on the calling thread or on a worker, ends its region with every
 * worker out of the body, surfaces as itself, and leaves the team able to run the next region in full. A broken
 * team can hang, so every test runs under a timeout on a thread of its own.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelTest {
    /** What a region's body saw: the indices it was given, and how many threads are inside it right now. */
    private static final class Watch {
        final Queue<Integer> indices = new ConcurrentLinkedQueue<>();
        final AtomicInteger inBody = new AtomicInteger();

        void assertIndicesWithin(int tasks) {
            List<Integer> outside = indices.stream().filter(t -> t < 0 || t >= tasks).toList();
            assertEquals(List.of(), outside, "task indices outside [0, " + tasks + ")");
        }
    }

    @Test
    void aFailureOnTheCallerWaitsForTheWorkersAndSurfacesAsItself() {
        try (Parallel team = new Parallel(2)) {
            int tasks = 8;
            Watch watch = new Watch();
            CountDownLatch workerStarted = new CountDownLatch(1);
            AtomicBoolean planted = new AtomicBoolean();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.run(tasks, (task, worker) -> {
                watch.inBody.incrementAndGet();
                try {
                    watch.indices.add(task);
                    if (worker == 0 && planted.compareAndSet(false, true)) {
                        // fail only once the worker is inside a slow task of this region
                        await(workerStarted);
                        throw new IllegalStateException("planted on the caller");
                    }
                    if (worker == 1) {
                        workerStarted.countDown();
                        sleep(200);
                    }
                } finally {
                    watch.inBody.decrementAndGet();
                }
            }));
            assertEquals("planted on the caller", e.getMessage());
            assertEquals(0, watch.inBody.get(), "a worker was still running the failed region when run() threw");
            watch.assertIndicesWithin(tasks);
            assertTrue(watch.indices.size() < tasks, "the failure stopped the hand-out: " + watch.indices);
            assertEveryTaskRunsOnce(team, 1000);
        }
    }

    @Test
    void aFailureOnAWorkerStopsTheRegionWithoutBogusIndices() {
        // three threads: after the failure two others keep asking for tasks, the case where a counter set to
        // Integer.MAX_VALUE would wrap to a negative index
        try (Parallel team = new Parallel(3)) {
            int tasks = 400;
            Watch watch = new Watch();
            CountDownLatch othersStarted = new CountDownLatch(2);
            AtomicBoolean planted = new AtomicBoolean();
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> team.run(tasks, (task, worker) -> {
                        watch.inBody.incrementAndGet();
                        try {
                            watch.indices.add(task);
                            if (worker == 1 && planted.compareAndSet(false, true)) {
                                await(othersStarted);
                                throw new UnsupportedOperationException("planted on worker 1");
                            }
                            if (worker != 1) {
                                othersStarted.countDown();
                                // 400 tasks of 5 ms: the region would last half a second if nothing stopped it
                                sleep(5);
                            }
                        } finally {
                            watch.inBody.decrementAndGet();
                        }
                    }));
            assertEquals("planted on worker 1", e.getMessage());
            assertEquals(0, watch.inBody.get(), "a thread was still running the failed region when run() threw");
            watch.assertIndicesWithin(tasks);
            assertTrue(watch.indices.size() < tasks / 2, "the failure stopped the hand-out: " + watch.indices.size()
                    + " of " + tasks + " tasks ran");
            assertEveryTaskRunsOnce(team, 1000);
        }
    }

    @Test // both fail: the first to fail surfaces, the other rides along as suppressed, and the team goes on
    void failuresOnTheCallerAndAWorkerSurfaceOnce() {
        try (Parallel team = new Parallel(2)) {
            CountDownLatch bothInside = new CountDownLatch(2);
            AtomicBoolean callerPlanted = new AtomicBoolean();
            AtomicBoolean workerPlanted = new AtomicBoolean();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.run(4, (task, worker) -> {
                AtomicBoolean planted = worker == 0 ? callerPlanted : workerPlanted;
                if (planted.compareAndSet(false, true)) {
                    bothInside.countDown();
                    await(bothInside);
                    throw new IllegalStateException("planted on thread " + worker);
                }
            }));
            assertTrue(e.getMessage().startsWith("planted on thread "), e.getMessage());
            assertEquals(1, e.getSuppressed().length, "the other failure is kept as suppressed");
            String other = e.getMessage().endsWith("0") ? "planted on thread 1" : "planted on thread 0";
            assertEquals(other, e.getSuppressed()[0].getMessage());
            assertEveryTaskRunsOnce(team, 1000);
        }
    }

    @Test // one exception object thrown by two tasks is rethrown as it is, not suppressed into itself
    void theSameExceptionFromTwoTasksSurfacesAsItself() {
        try (Parallel team = new Parallel(2)) {
            IllegalArgumentException shared = new IllegalArgumentException("shared");
            CountDownLatch bothInside = new CountDownLatch(2);
            AtomicIntegerArray plantedOn = new AtomicIntegerArray(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> team.run(4, (task, worker) -> {
                if (plantedOn.compareAndSet(worker, 0, 1)) {
                    bothInside.countDown();
                    await(bothInside);
                    throw shared;
                }
            }));
            assertSame(shared, e);
            assertEquals(0, e.getSuppressed().length);
            assertEveryTaskRunsOnce(team, 100);
        }
    }

    @Test // regions one after another, each in full; more threads than cores is allowed
    void manyRegionsEachRunEveryTaskOnce() {
        try (Parallel team = new Parallel(4)) {
            for (int tasks : new int[] {1, 2, 3, 7, 64, 1000}) {
                assertEveryTaskRunsOnce(team, tasks);
            }
        }
    }

    private static void assertEveryTaskRunsOnce(Parallel team, int tasks) {
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        Queue<Integer> outside = new ConcurrentLinkedQueue<>();
        team.run(tasks, (task, worker) -> {
            if (task < 0 || task >= tasks) {
                outside.add(task);
            } else {
                runs.incrementAndGet(task);
            }
        });
        assertEquals(List.of(), List.copyOf(outside), "task indices outside [0, " + tasks + ")");
        for (int t = 0; t < tasks; t++) {
            assertEquals(1, runs.get(t), "task " + t + " of " + tasks);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                fail("the other threads never reached their tasks");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
