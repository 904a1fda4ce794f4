package dev.resvec.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same directory (so the final rename
 * stays within one file system), is forced to disk, and is then renamed over the target. A reader, or a crash,
 * sees either the old file or the complete new one, never a partial one; a failure at any step deletes the
 * temporary file and leaves the target as it was. Checkpoints, the CLI's training history and the bench reports
 * all write through here.
 */
public final class AtomicFiles {
    /** Makes temporary names unique within this JVM; the pid separates JVMs writing to one directory. */
    private static final AtomicLong COUNTER = new AtomicLong();

    /** What writes the content through a channel on the temporary file. */
    interface Body {
        void writeTo(FileChannel ch) throws IOException;
    }

    /** What writes the content into the temporary file, by its path (for writers that take a file name). */
    @FunctionalInterface
    public interface PathBody {
        /** Writes the complete content to {@code tmp}, which exists and is empty. */
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically with {@code body}'s content. Any exception of {@code body} (checked or not)
     * is rethrown after the temporary file is deleted.
     */
    static void write(Path target, Body body) throws IOException {
        replace(target, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.writeTo(ch);
            }
        });
    }

    /**
     * Writes {@code target} atomically: {@code body} writes the temporary file, which is then forced to disk and
     * renamed over the target. Any exception of {@code body} (checked or not) is rethrown after the temporary file
     * is deleted; the target is then as it was.
     *
     * @throws IOException when the directory cannot take the temporary file, or the write or rename fails
     */
    public static void replace(Path target, PathBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = createTemp(dir, abs.getFileName().toString());
        boolean moved = false;
        try {
            body.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                // the data must be on disk before the rename makes it visible, or a power loss could leave the
                // new name pointing at a file whose blocks were never written
                ch.force(true);
            }
            // ATOMIC_MOVE is a rename(2) on POSIX, which replaces an existing target atomically
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
        syncDirectory(dir);
    }

    /**
     * Creates a fresh, empty file named {@code .NAME.PID.N.tmp}; hidden on POSIX, and recognisable as ours. It is
     * created with CREATE_NEW (not {@code Files.createTempFile}) so that it gets the usual permissions of a new
     * file rather than owner-only ones, which would then carry over to the checkpoint.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        while (true) {
            Path tmp = dir.resolve("." + name + "." + pid + "." + COUNTER.incrementAndGet() + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // left by an earlier JVM that had the same pid: take the next number
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException ignored) {
            // the original failure is what the caller needs to see; a leftover .tmp is harmless and named as ours
        }
    }

    /**
     * Forces the directory entry of the rename to disk (POSIX: fsync on the directory), so that after a crash the
     * new name survives too. Not every OS can open a directory as a channel (Windows cannot); there the rename is
     * already durable or cannot be made so from Java, and the failure is ignored.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException ignored) {
            // see above: best effort
        }
    }
}
