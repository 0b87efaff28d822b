package dev.napkin.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run's claim on a results file name: an operating-system lock on a hidden, empty lock file in the results
 * folder. The system drops the lock when the process ends, however it ends (Ctrl-C, a crash, kill -9), so no claim
 * outlives its run. The file itself stays for the next run to lock: deleting it would let a run that opened it just
 * before the delete lock a file no longer in the folder while a third run locks a new one of the same name, and
 * reading it back to tell the two apart would drop the lock (POSIX record locks belong to the process and file, and
 * closing any descriptor of the file releases them: fcntl(2), "Advisory record locking").
 */
final class RunLock {
    private final FileChannel channel;

    private RunLock(FileChannel channel) {
        this.channel = channel;
    }

    /** The lock on {@code file}, created if need be, or null where another run (another process or this one) holds it. */
    static RunLock tryTake(Path file, String flag) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create " + file + " (" + e.getMessage() + "); give another "
                    + "folder with " + flag + " DIR");
        }
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // this process holds it: another run in the same JVM (a test)
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalArgumentException("cannot lock " + file + " (" + e.getMessage() + "); give another "
                    + "folder with " + flag + " DIR");
        }
        if (held == null) {
            closeQuietly(channel);
            return null;
        }
        return new RunLock(channel);
    }

    /** Lets go of the name. */
    void release() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing gives up the lock either way
        }
    }
}
