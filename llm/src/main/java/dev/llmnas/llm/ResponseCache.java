package dev.llmnas.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.LlmnasException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LLM answers kept on disk so that nothing paid for is asked twice: a JSONL file, append-only, one answer a
 * line, keyed by a SHA-256 of (provider, model, temperature, prompt) — plus the sample index for the second
 * and later samples of one prompt. Every answer is written and forced to disk before it is used, so a crash
 * loses no completed answer; a torn last line (a crash mid-write) is cut off with a warning when the file is
 * opened. Prompts themselves are not stored (only their hash), and neither is any API key.
 *
 * <p>Thread-safe. One process at a time may write a file (an OS file lock guards it); within a JVM,
 * {@link #open} of a file that is already open returns the same shared instance (reference-counted by
 * {@link #close}).
 */
public final class ResponseCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, ResponseCache> OPEN = new HashMap<>();

    private final Path file;
    private final boolean fsync;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean readOnly;
    private int references = 1;
    private boolean closed;

    /**
     * One cached answer.
     *
     * @param key          the SHA-256 key ({@link #key})
     * @param provider     provider identifier, e.g. {@code openai}
     * @param model        model name
     * @param temperature  sampling temperature, or {@code null} when the provider default was used
     * @param sample       sample index (0 for the first answer to a prompt)
     * @param architecture the architecture's key, for people reading the file (not used for lookups)
     * @param reply        the model's reply text
     * @param score        the score parsed from it, or {@code null} for replies that are not scores
     * @param inputTokens  prompt tokens of the call that produced it
     * @param outputTokens completion tokens of that call
     */
    public record Entry(String key, String provider, String model, Double temperature, int sample, String architecture,
                        String reply, Double score, long inputTokens, long outputTokens) {
        public Entry {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("key: must not be blank");
            }
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(reply, "reply");
            architecture = architecture == null ? "" : architecture;
            if (sample < 0) {
                throw new IllegalArgumentException("sample: " + sample + " must be >= 0");
            }
        }
    }

    /** The provider, model and temperature of cached answers. */
    public record ModelId(String provider, String model, Double temperature) {
    }

    private ResponseCache(Path file, boolean fsync, FileChannel channel, FileLock lock, boolean readOnly) {
        this.file = file;
        this.fsync = fsync;
        this.channel = channel;
        this.lock = lock;
        this.readOnly = readOnly;
    }

    /**
     * Opens an existing cache file read-only, for replaying the answers of an earlier run: creates no file or
     * directory and never writes (a torn last line is skipped, not cut off; {@link #put} throws). When the
     * file is already open in this JVM, that shared instance is returned.
     *
     * @throws IllegalArgumentException when {@code file} does not exist or is not a regular file
     * @throws DataFormatException      when a line other than the last is not a cache entry
     * @throws LlmnasException          when the file cannot be read
     */
    public static ResponseCache openForReplay(Path file) {
        Objects.requireNonNull(file, "file");
        Path real = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            ResponseCache shared = OPEN.get(real);
            if (shared != null) {
                shared.references++;
                return shared;
            }
        }
        if (!Files.isRegularFile(real)) {
            throw new IllegalArgumentException((Files.isDirectory(real) ? file + " is a directory, not a cache file"
                    : "cache file not found: " + file) + " (replay needs the answers of an earlier run)");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(real, StandardOpenOption.READ);
            ResponseCache cache = new ResponseCache(real, false, ch, null, true);
            cache.readExisting();
            return cache;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LlmnasException("cannot read cache " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Whether this cache was opened by {@link #openForReplay} and refuses new answers. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Opens (or creates) a cache file, forcing every answer to disk. */
    public static ResponseCache open(Path file) {
        return open(file, true);
    }

    /**
     * Opens (or creates) a cache file.
     *
     * @param fsync {@code true} to force each answer to the storage device before it is used (survives power
     *              loss); {@code false} to only hand it to the operating system (survives a JVM crash)
     * @throws DataFormatException    when a line other than the last is not a cache entry
     * @throws LlmnasException        when the file cannot be opened or another process holds it
     */
    public static ResponseCache open(Path file, boolean fsync) {
        Objects.requireNonNull(file, "file");
        Path real = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            ResponseCache shared = OPEN.get(real);
            if (shared != null) {
                shared.references++;
                return shared;
            }
            ResponseCache cache = load(real, fsync);
            OPEN.put(real, cache);
            return cache;
        }
    }

    /** A cache that lives in memory only (for tests and throw-away runs). */
    public static ResponseCache inMemory() {
        return new ResponseCache(null, false, null, null, false);
    }

    private static ResponseCache load(Path file, boolean fsync) {
        FileChannel ch = null;
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new LlmnasException("cache " + file + " is in use by another process; wait for it to finish"
                        + " or use another --cache file");
            }
            ResponseCache cache = new ResponseCache(file, fsync, ch, lock, false);
            cache.readExisting();
            return cache;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LlmnasException("cannot open cache " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }

    private void readExisting() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new LlmnasException("cache " + file + " is larger than 2 GB; start a new cache file");
        }
        ByteBuffer all = ByteBuffer.allocate((int) size);
        while (all.hasRemaining() && channel.read(all, all.position()) >= 0) {
            // keep reading until the buffer is full
        }
        byte[] bytes = all.array();
        int start = 0;
        long lineNo = 0;
        while (start < bytes.length) {
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            lineNo++;
            boolean complete = nl < bytes.length;
            boolean last = !complete || nl == bytes.length - 1;
            String text = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                Entry e = complete ? parse(text) : null;
                if (e == null && !last) {
                    e = parseOrFail(text, lineNo);
                }
                if (e == null) {
                    // Only the last line can be torn: a crash mid-append. Cut it off so the next append starts
                    // on a fresh line (read-only: leave the file as it is).
                    LOG.warn("cache {}: line {} is incomplete or unreadable (an interrupted write); skipping it",
                            file, lineNo);
                    if (!readOnly) {
                        channel.truncate(start);
                    }
                    break;
                }
                entries.put(e.key(), e);
            }
            start = nl + 1;
        }
        if (!readOnly) {
            channel.position(channel.size());
        }
    }

    private Entry parseOrFail(String text, long lineNo) {
        try {
            return fromJson(JSON.readTree(text));
        } catch (JsonProcessingException | RuntimeException e) {
            // Jackson's own message would add a "[Source: REDACTED ...]" location that tells the user nothing.
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new DataFormatException(file, lineNo, "not a cache entry (" + why + "); the file is"
                    + " damaged in the middle: move it away or delete that line");
        }
    }

    private static Entry parse(String text) {
        try {
            return fromJson(JSON.readTree(text));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static Entry fromJson(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return new Entry(text(n, "key"), text(n, "provider"), text(n, "model"),
                n.hasNonNull("temperature") ? n.get("temperature").asDouble() : null,
                n.path("sample").asInt(0), n.path("architecture").asText(""), text(n, "reply"),
                n.hasNonNull("score") ? n.get("score").asDouble() : null,
                n.path("input_tokens").asLong(0), n.path("output_tokens").asLong(0));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return v.asText();
    }

    /**
     * The cache key of a prompt: SHA-256 (hex) of provider, model, temperature and prompt, and of the sample
     * index when it is above 0.
     */
    public static String key(String provider, String model, Double temperature, int sample, String prompt) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        StringBuilder sb = new StringBuilder(prompt.length() + 64);
        sb.append(provider).append('\u0000').append(model).append('\u0000')
                .append(temperature == null ? "default" : temperature.toString()).append('\u0000');
        if (sample > 0) {
            sb.append("sample=").append(sample).append('\u0000');
        }
        sb.append(prompt);
        return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The cached answer for a key, if any. */
    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Stores an answer: appended to the file and forced to disk before this returns. The reply is redacted
     * ({@link Secrets#redact}) before it is written.
     */
    public void put(Entry entry) {
        if (readOnly) {
            throw new IllegalStateException("cache " + file + " was opened for replay and is read-only");
        }
        Entry e = new Entry(entry.key(), entry.provider(), entry.model(), entry.temperature(), entry.sample(),
                entry.architecture(), Secrets.redact(entry.reply()), entry.score(), entry.inputTokens(),
                entry.outputTokens());
        if (channel != null) {
            ObjectNode n = JSON.createObjectNode();
            n.put("key", e.key());
            n.put("provider", e.provider());
            n.put("model", e.model());
            if (e.temperature() != null) {
                n.put("temperature", e.temperature());
            }
            n.put("sample", e.sample());
            n.put("architecture", e.architecture());
            n.put("reply", e.reply());
            if (e.score() != null) {
                n.put("score", e.score());
            }
            n.put("input_tokens", e.inputTokens());
            n.put("output_tokens", e.outputTokens());
            byte[] bytes;
            try {
                bytes = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException ex) {
                throw new LlmnasException("cannot write cache entry: " + ex.getOriginalMessage(), ex);
            }
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("cache " + file + " is closed");
                }
                try {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    channel.position(channel.size());
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                    if (fsync) {
                        channel.force(false);
                    }
                } catch (IOException ex) {
                    throw new LlmnasException("cannot append to cache " + file + ": " + ex.getMessage(), ex);
                }
            }
        }
        entries.put(e.key(), e);
    }

    /** Number of cached answers. */
    public int size() {
        return entries.size();
    }

    /** The backing file; empty for an in-memory cache. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The distinct (provider, model, temperature) of the cached answers, in first-seen order. */
    public Set<ModelId> models() {
        Set<ModelId> ids = new LinkedHashSet<>();
        for (Entry e : entries.values()) {
            ids.add(new ModelId(e.provider(), e.model(), e.temperature()));
        }
        return Collections.unmodifiableSet(ids);
    }

    /** Releases this reference; the file is closed when the last reference is released. */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        synchronized (OPEN) {
            if (closed || --references > 0) {
                return;
            }
            if (!readOnly) {
                OPEN.remove(file);
            }
            synchronized (this) {
                closed = true;
                try {
                    if (lock != null) {
                        lock.release();
                    }
                    channel.close();
                } catch (IOException e) {
                    throw new LlmnasException("cannot close cache " + file + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ResponseCache[" + (file == null ? "memory" : file) + ", " + entries.size() + " answers]";
    }
}
