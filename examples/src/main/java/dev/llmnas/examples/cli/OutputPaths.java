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
 * second, not the whole run; messages name the option and say why.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Makes sure {@code file} can be written: not a directory, its folder present (created if need be) and writable. */
    static Path writableFile(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + ": cannot write " + file + ": it is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            writableDirectory(parent, option, file);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option + ": cannot write " + file + ": permission denied");
        }
        return file;
    }

    /** Makes sure {@code dir} is a writable directory, creating it (and its parents) when missing. */
    static Path writableDirectory(Path dir, String option) {
        return writableDirectory(dir, option, dir);
    }

    private static Path writableDirectory(Path dir, String option, Path target) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": cannot write " + target + ": " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot write " + target + ": cannot create directory "
                    + dir + " (" + reason(e) + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + ": cannot write " + target + ": directory " + dir + " is not writable");
        }
        return dir;
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
