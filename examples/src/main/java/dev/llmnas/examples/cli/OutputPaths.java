package dev.llmnas.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks output locations before any work starts, so that a typo in {@code --json} or {@code --out} costs a
 * second, not the whole run; messages name the option and say why. Creates nothing: it probes the nearest
 * existing directory with a temporary file, because access checks say yes to root even where the file
 * system refuses (e.g. {@code /proc}).
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Fails with a usage error when {@code file} could not be written (a directory, or no writable folder for it). */
    static Path writableFile(Path file, String option) {
        Path target = file.toAbsolutePath().normalize();
        String prefix = option + ": cannot write " + file + ": ";
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(prefix + "it is a directory");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IllegalArgumentException(prefix + "the file is not writable");
        }
        probe(target.getParent(), prefix);
        return file;
    }

    /** Fails with a usage error when {@code dir} is not, and cannot become, a writable directory. */
    static Path writableDirectory(Path dir, String option) {
        Path target = dir.toAbsolutePath().normalize();
        String prefix = option + ": cannot write " + dir + ": ";
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(prefix + "it is a file, not a directory");
        }
        probe(target, prefix);
        return dir;
    }

    /** Probes the nearest existing ancestor of {@code dir} (or {@code dir} itself) with a temporary file. */
    private static void probe(Path dir, String prefix) {
        if (dir == null) {
            return;
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalArgumentException(prefix + (existing == null ? "no directory of it exists"
                    : existing + " is not a directory"));
        }
        try {
            Files.delete(Files.createTempFile(existing, ".llmnas-write-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(prefix + (existing.equals(dir) ? "directory " + dir
                    + " is not writable" : "directory " + dir + " does not exist and cannot be created ("
                    + existing + " is not writable)"), e);
        }
    }

    /**
     * Fails with a usage error when {@code output} and {@code input} are the same file: compares real files
     * (links, {@code ./} and {@code ../} included), not only the strings given.
     */
    static void refuseSame(Path output, String outputOption, Path input, String inputOption) {
        if (output == null || input == null) {
            return;
        }
        if (sameFile(output, input)) {
            throw new IllegalArgumentException(outputOption + ": " + output + " is the same file as " + inputOption
                    + " " + input + "; an output must not replace an input: choose another file");
        }
    }

    /**
     * Fails with a usage error when {@code output} is the data folder {@code dataDir} or lies inside it: the
     * data sets are inputs of every run and no command may write among them (root ignores their read-only
     * bit). Compares real paths: links, {@code ./} and {@code ../} are resolved as far as the path exists, so
     * an output that does not exist yet is judged by the folder it would land in. Does nothing when either
     * path is null.
     *
     * @param output the file or folder a command would write
     * @param option the option naming it, for the message (e.g. {@code --json})
     * @param dataDir the resolved data folder ({@code --data}), or null when none could be found
     * @throws IllegalArgumentException when the output is the data folder or inside it
     */
    static void refuseInside(Path output, String option, Path dataDir) {
        if (output == null || dataDir == null) {
            return;
        }
        if (inside(output, dataDir)) {
            throw new IllegalArgumentException(option + ": " + output + " is inside the data folder " + dataDir
                    + " (--data); outputs must not be written among the data sets: choose another place");
        }
    }

    /** True when {@code path} is {@code folder} or lies below it, comparing real paths (existing or not). */
    static boolean inside(Path path, Path folder) {
        return realPath(path).startsWith(realPath(folder));
    }

    /**
     * The real path of {@code p}: its longest existing leading part with every link resolved, followed by the
     * rest (which does not exist, so holds no links) normalised.
     */
    static Path realPath(Path p) {
        Path abs = p.toAbsolutePath();
        for (int n = abs.getNameCount(); n >= 0; n--) {
            Path head = n == 0 ? abs.getRoot() : abs.getRoot().resolve(abs.subpath(0, n));
            try {
                Path real = head.toRealPath();
                return n == abs.getNameCount() ? real : real.resolve(abs.subpath(n, abs.getNameCount())).normalize();
            } catch (IOException | SecurityException e) {
                // this part does not exist (or cannot be read): try the shorter one
            }
        }
        return abs.normalize();
    }

    /** True when both paths name the same file (existing or not). */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to comparing the normalised paths
        }
        return realPath(a).equals(realPath(b));
    }

    /** Words for an I/O failure (the JDK's messages are often just the path). */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
