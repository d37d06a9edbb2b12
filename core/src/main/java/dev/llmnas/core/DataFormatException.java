package dev.llmnas.core;

import java.nio.file.Path;

/** Malformed input data: the message names the file, the line (1-based) and the reason. */
public class DataFormatException extends LlmnasException {
    private final Path file;
    private final long line;

    /**
     * A problem without an underlying cause. The message reads {@code "<file>:<line>: <reason>"}, or
     * {@code "<file>: <reason>"} when {@code line} is 0.
     *
     * @param file   the file being read
     * @param line   1-based line number, or 0 when the problem is with the file as a whole
     * @param reason what is wrong and what is allowed
     */
    public DataFormatException(Path file, long line, String reason) {
        this(file, line, reason, null);
    }

    /**
     * A problem caused by another exception (an I/O or parse error). The message reads
     * {@code "<file>:<line>: <reason>"}, or {@code "<file>: <reason>"} when {@code line} is 0.
     *
     * @param file   the file being read
     * @param line   1-based line number, or 0 when the problem is with the file as a whole
     * @param reason what is wrong and what is allowed
     * @param cause  the underlying exception, or {@code null}
     */
    public DataFormatException(Path file, long line, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
    }

    /** The file that could not be read, as given to the constructor. */
    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is with the file as a whole. */
    public long line() {
        return line;
    }
}
