package dev.llmnas.examples.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outputs of one command run, written safely. Each output is {@linkplain #claim claimed} before any work:
 * it is checked to be writable, locked against a second run aiming at the same file (a hidden
 * {@code .NAME.lock} file beside it, held with an OS file lock, so it is released even when the process is
 * killed), and given a temporary file of its own in the same folder. The command writes the temporary files;
 * {@link #commit()} moves them all into place (atomic renames) once everything succeeded. {@link #close()}
 * deletes what was not committed, removes folders the run created and left empty, and releases the locks, so
 * a failed or refused run leaves the folder as it was. A run stopped from outside (Ctrl-C, {@code kill}) does
 * the same: while the transaction holds claims, a JVM shutdown hook removes what was not committed (it is
 * removed again by {@link #close()}). Only {@code kill -9} or a power cut can leave a temporary file behind.
 *
 * <p>One transaction belongs to one command run; its methods synchronise with the shutdown hook.
 */
final class OutputTransaction implements AutoCloseable {
    private record Claim(Path target, Path temp, String option) {
    }

    private record Held(Path lockFile, FileChannel channel, FileLock lock) {
    }

    private final List<Claim> claims = new ArrayList<>();
    private final List<Held> locks = new ArrayList<>();
    private final List<Path> createdDirectories = new ArrayList<>();
    private final Path guarded;
    private boolean committed;
    private boolean closed;
    private Thread hook;

    /** A transaction that guards no folder (for outputs of commands that read no data sets). */
    OutputTransaction() {
        this(null);
    }

    /**
     * A transaction that refuses every claim on {@code guarded} or inside it (see {@link OutputPaths#refuseInside}).
     *
     * @param guarded the data folder ({@code --data}) no output may land in, or null for none
     */
    OutputTransaction(Path guarded) {
        this.guarded = guarded;
    }

    /**
     * Claims {@code target} for this run and returns the temporary file to write instead (it exists, empty).
     *
     * @param option the command-line option naming the output, for messages
     * @throws IllegalArgumentException when the file cannot be written, or another run holds it
     */
    synchronized Path claim(Path target, String option) {
        Objects.requireNonNull(target, option);
        if (closed) {
            throw new IllegalStateException(option + ": the outputs of this run are closed (the process is stopping)");
        }
        if (hook == null) {
            Thread h = new Thread(this::close, "llmnas-output-cleanup");
            Runtime.getRuntime().addShutdownHook(h);     // throws IllegalStateException once stopping: claim nothing
            hook = h;
        }
        Path absolute = target.toAbsolutePath().normalize();
        OutputPaths.refuseInside(target, option, guarded);
        OutputPaths.writableFile(target, option);
        Path folder = absolute.getParent();
        createDirectories(folder, option, target);
        lock(folder.resolve("." + absolute.getFileName() + ".lock"), option, target);
        Path temp;
        try {
            temp = createTemp(folder, absolute.getFileName().toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot write " + target + ": " + OutputPaths.reason(e), e);
        }
        claims.add(new Claim(absolute, temp, option));
        return temp;
    }

    /** Moves every claimed output into place; after this, {@link #close()} only releases the locks. */
    void commit() {
        commit(claims.stream().map(Claim::target).toList());
    }

    /**
     * Moves the claimed outputs among {@code targets} into place and discards the other claims (their
     * temporary files are deleted; files already at those places stay as they were).
     */
    synchronized void commit(List<Path> targets) {
        List<Path> wanted = targets.stream().map(t -> t.toAbsolutePath().normalize()).toList();
        for (Claim c : claims) {
            if (!wanted.contains(c.target())) {
                deleteQuietly(c.temp());
                continue;
            }
            try {
                try {
                    Files.move(c.temp(), c.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(c.temp(), c.target(), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new dev.llmnas.core.LlmnasException(c.option() + ": cannot move the finished output into "
                        + c.target() + ": " + OutputPaths.reason(e), e);
            }
        }
        committed = true;
    }

    /**
     * Deletes the temporary files that were not committed, releases the locks (deleting the lock files) and
     * removes the folders this run created and left empty. Called by the command when it ends, and by the JVM
     * shutdown hook when the process is stopped first; the second call does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException stopping) {
                // the JVM is already shutting down; the hook will find this transaction closed
            }
        }
        if (!committed) {
            for (Claim c : claims) {
                deleteQuietly(c.temp());
            }
        }
        for (int i = locks.size() - 1; i >= 0; i--) {
            Held h = locks.get(i);
            deleteQuietly(h.lockFile());     // while still held: a waiting run then re-checks the file it locked
            try {
                h.lock().release();
                h.channel().close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            }
        }
        locks.clear();
        if (!committed) {
            for (int i = createdDirectories.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(createdDirectories.get(i));   // only when empty
                } catch (IOException ignored) {
                    // not empty (someone else wrote there): keep it
                }
            }
        }
    }

    private void createDirectories(Path folder, String option, Path target) {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                createdDirectories.add(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created meanwhile by someone else: fine, and not ours to remove
            } catch (IOException e) {
                throw new IllegalArgumentException(option + ": cannot create folder " + p + " for " + target + ": "
                        + OutputPaths.reason(e), e);
            }
        }
    }

    private void lock(Path lockFile, String option, Path target) {
        for (int attempt = 0; attempt < 5; attempt++) {
            FileChannel channel;
            Object before;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                before = fileKey(lockFile);
            } catch (IOException e) {
                throw new IllegalArgumentException(option + ": cannot lock " + target + ": " + OutputPaths.reason(e), e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException | IOException e) {
                lock = null;
            }
            if (lock == null) {
                closeQuietly(channel);
                throw new IllegalArgumentException(option + ": " + target + " is being written by another llmnas run"
                        + " (it holds " + lockFile + "); wait for it to finish or choose another file");
            }
            // the holder before us deletes the lock file before releasing it: make sure ours is still the one there
            if (before != null && before.equals(fileKey(lockFile))) {
                locks.add(new Held(lockFile, channel, lock));
                return;
            }
            closeQuietly(channel);
        }
        throw new IllegalArgumentException(option + ": cannot lock " + target + ": " + lockFile
                + " keeps changing (another run is starting and stopping on it)");
    }

    /**
     * A new empty file {@code .NAME.<random>.tmp} in {@code folder}, created with the default permissions
     * (the umask applies, as for any file the user creates; {@code createTempFile} would make it owner-only).
     */
    private static Path createTemp(Path folder, String name) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path temp = folder.resolve("." + name + "." + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** The file's identity (device and inode on Unix), or null when it is gone or has none. */
    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key == null ? file : key;
        } catch (IOException e) {
            return null;      // deleted meanwhile
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is harmless
        }
    }
}
