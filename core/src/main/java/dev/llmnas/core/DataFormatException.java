package dev.llmnas.core;

import java.nio.file.Path;

/** Malformed input data: the message names the file, the line (1-based) and the reason. */
public class DataFormatException extends LlmnasException {
    private final Path file;
    private final long line;

    public DataFormatException(Path file, long line, String reason) {
        this(file, line, reason, null);
    }

    public DataFormatException(Path file, long line, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is with the file as a whole. */
    public long line() {
        return line;
    }
}
