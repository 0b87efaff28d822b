package dev.napkin.profiler.plan;

/**
 * Seconds of one kind of communication in a step, and how many of them the step waits for; the rest runs while
 * the GPU computes.
 */
public record CommTime(double seconds, double exposedSeconds) {
    public static final CommTime NONE = new CommTime(0, 0);

    public CommTime {
        if (!(seconds >= 0) || !(exposedSeconds >= 0) || exposedSeconds > seconds * (1 + 1e-12)
                || Double.isInfinite(seconds)) {
            throw new IllegalStateException("communication of " + seconds + " s cannot expose " + exposedSeconds
                    + " s");
        }
    }

    /** Communication the step does not wait for: hidden behind compute. */
    public double overlappedSeconds() {
        return seconds - exposedSeconds;
    }

    static CommTime exposed(double seconds) {
        return new CommTime(seconds, seconds);
    }

    /** Hidden behind {@code compute} seconds of work, as far as they reach. */
    static CommTime overlapped(double seconds, double compute) {
        return new CommTime(seconds, Math.max(0, seconds - compute));
    }

    CommTime times(double n) {
        return new CommTime(seconds * n, exposedSeconds * n);
    }
}
