package dev.napkin.harness.gpu;

/** A grid or block shape, as CUDA's dim3. */
public record Dim3(int x, int y, int z) {
    public Dim3 {
        if (x < 1 || y < 1 || z < 1) {
            throw new IllegalArgumentException("a launch dimension is at least 1, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    /** ceil(n / per): the blocks that cover n items at {@code per} items a block. */
    public static Dim3 covering(long n, int per) {
        long blocks = (n + per - 1) / per;
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " items need more than 2^31 - 1 blocks of " + per);
        }
        return of((int) Math.max(1, blocks));
    }

    @Override
    public String toString() {
        return "(" + x + "," + y + "," + z + ")";
    }
}
