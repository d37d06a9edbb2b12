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
 * line, keyed by a SHA-256 of every request parameter that can change an answer (provider, model, temperature,
 * max tokens, response format, ... and the prompt; see {@link #key(RequestSignature, int, String)}) plus the
 * sample index for the second and later samples of one prompt. Every answer is written (and, by default, forced
 * to disk) before it is used, so a crash loses no completed answer. A torn last line (a crash mid-write) is cut
 * off with a warning when the file is opened; a complete last line without its final newline is kept, and the
 * next append starts on a new line. An append that fails (disk full) is cut back to the file's length before
 * it, the cache refuses further answers, and the {@link CacheWriteException} says how many answers were lost.
 * A stored reply is bounded ({@value #MAX_STORED_REPLY} characters; the parsed score is stored beside it).
 * Prompts themselves are not stored (only their hash), and neither is any API key.
 *
 * <p>Thread-safe. One writer per file: an OS file lock keeps out other processes, and a second {@link #open}
 * of an open file in the same JVM is refused (pass the open cache to each client to share it). To share answers
 * between processes, keep them in another {@link AnswerStore} instead ({@link #over(AnswerStore)}, e.g. the study
 * database), which many processes may write at once.
 */
public final class ResponseCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest reply stored; longer replies are cut, with their length noted. */
    public static final int MAX_STORED_REPLY = 4000;
    static final String TRUNCATED = "...[reply truncated: ";

    private final Path file;
    private final boolean fsync;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean readOnly;
    private boolean closed;
    private boolean needsNewline;
    private CacheWriteException failure;
    private int lost;
    private WriteHook hook = WriteHook.NONE;
    /** The store answers live in instead of the JSONL file, or {@code null} for the file or memory. */
    private final AnswerStore store;

    /** Test hook: runs before each append, e.g. to fail it like a full disk. */
    @FunctionalInterface
    interface WriteHook {
        WriteHook NONE = (ch, bytes) -> { };

        void beforeWrite(FileChannel channel, byte[] bytes) throws IOException;
    }

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
        this(file, fsync, channel, lock, readOnly, null);
    }

    private ResponseCache(Path file, boolean fsync, FileChannel channel, FileLock lock, boolean readOnly,
                          AnswerStore store) {
        this.store = store;
        this.file = file;
        this.fsync = fsync;
        this.channel = channel;
        this.lock = lock;
        this.readOnly = readOnly;
    }

    /**
     * Opens an existing cache file read-only, for replaying the answers of an earlier run: creates no file or
     * directory and never writes (a torn last line is skipped, not cut off; {@link #put} throws). Each call
     * reads its own snapshot of the file.
     *
     * @throws IllegalArgumentException when {@code file} does not exist or is not a regular file
     * @throws DataFormatException      when a line other than the last is not a cache entry
     * @throws LlmnasException          when the file cannot be read
     */
    public static ResponseCache openForReplay(Path file) {
        Objects.requireNonNull(file, "file");
        Path real = file.toAbsolutePath().normalize();
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
     * @throws LlmnasException        when the file cannot be opened, another process holds it, or it is already
     *                                open in this JVM (share that instance instead)
     */
    public static ResponseCache open(Path file, boolean fsync) {
        Objects.requireNonNull(file, "file");
        return load(file.toAbsolutePath().normalize(), fsync);
    }

    /** Test hook: {@link #open(Path, boolean)} with a hook run before every append. */
    static ResponseCache open(Path file, boolean fsync, WriteHook hook) {
        ResponseCache c = open(file, fsync);
        c.hook = Objects.requireNonNull(hook, "hook");
        return c;
    }

    /**
     * A cache whose answers live in {@code store} (for example a database shared by many processes) instead of a
     * JSONL file. Replies are redacted and bounded exactly as for the file before they reach the store; when two
     * writers store the same key, the store keeps the first answer. {@link #close} closes the store.
     *
     * @param store where answers are kept
     * @return a writable cache over the store; {@link #file()} is empty and {@link #failure()} always empty
     * @throws NullPointerException when {@code store} is {@code null}
     */
    public static ResponseCache over(AnswerStore store) {
        return new ResponseCache(null, false, null, null, false, Objects.requireNonNull(store, "store"));
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
                throw new LlmnasException("cache " + file + " is already open in this JVM; pass that open cache"
                        + " to each client (builder.cache(...)) instead of opening the file twice");
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
                // A last line without its newline is still a whole entry when it parses (an editor or a copy
                // dropped the newline): keep it, and start the next append on a new line.
                Entry e = parse(text);
                if (e != null && !complete) {
                    needsNewline = true;
                }
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
     * The cache key of a request: SHA-256 (hex) of the signature's provider, model, temperature and further
     * parameters, the sample index when it is above 0, and the prompt. A signature with no further parameters
     * gives the same key as {@link #key(String, String, Double, int, String)}, so caches of earlier versions
     * keep answering.
     */
    public static String key(RequestSignature signature, int sample, String prompt) {
        String extra = signature.canonicalExtras();
        return key(signature.provider(), signature.model(), signature.temperature(), sample,
                extra.isEmpty() ? prompt : extra + "\u0000" + prompt);
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
        if (store != null) {
            return store.get(key);
        }
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Stores an answer: appended to the file (and forced to disk with fsync) before this returns. The reply is
     * redacted ({@link Secrets#redact}) and cut to {@value #MAX_STORED_REPLY} characters before it is written.
     * Over an {@link AnswerStore} ({@link #over}) the answer goes to the store instead, which keeps the first
     * answer stored under a key.
     *
     * @throws CacheWriteException when the append fails (the file is cut back to its length before it, and the
     *                             cache refuses every later answer), or failed before
     * @throws IllegalStateException when the cache is read-only or closed
     */
    public void put(Entry entry) {
        if (readOnly) {
            throw new IllegalStateException("cache " + file + " was opened for replay and is read-only");
        }
        String reply = Secrets.redact(entry.reply());
        if (reply.length() > MAX_STORED_REPLY) {
            reply = reply.substring(0, MAX_STORED_REPLY) + TRUNCATED + entry.reply().length() + " characters]";
        }
        Entry e = new Entry(entry.key(), entry.provider(), entry.model(), entry.temperature(), entry.sample(),
                entry.architecture(), reply, entry.score(), entry.inputTokens(), entry.outputTokens());
        if (store != null) {
            store.putIfAbsent(e);
            return;
        }
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
            String line;
            try {
                line = JSON.writeValueAsString(n) + "\n";
            } catch (JsonProcessingException ex) {
                throw new LlmnasException("cannot write cache entry: " + ex.getOriginalMessage(), ex);
            }
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("cache " + file + " is closed");
                }
                if (failure != null) {
                    lost++;
                    throw lostAnswers(failure.getCause());
                }
                byte[] bytes = ((needsNewline ? "\n" : "") + line).getBytes(StandardCharsets.UTF_8);
                long before = -1;
                try {
                    before = channel.size();
                    hook.beforeWrite(channel, bytes);
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    channel.position(before);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                    if (fsync) {
                        channel.force(false);
                    }
                    needsNewline = false;
                } catch (IOException ex) {
                    lost++;
                    String cut = cutBack(before);
                    failure = new CacheWriteException("cannot append to cache " + file + ": " + ex.getMessage()
                            + cut, 0, ex);
                    throw lostAnswers(ex);
                }
            }
        }
        entries.put(e.key(), e);
    }

    /** Truncates a failed append away; says what happened when that fails too. */
    private String cutBack(long before) {
        if (before < 0) {
            return "";
        }
        try {
            channel.truncate(before);
            channel.force(false);
            return "";
        } catch (IOException again) {
            return " (and cutting the partial line back failed: " + again.getMessage() + "; the next open of the"
                    + " file drops it)";
        }
    }

    private CacheWriteException lostAnswers(Throwable cause) {
        return new CacheWriteException(failure.getMessage() + "; " + lost + (lost == 1 ? " answer" : " answers")
                + " received but not stored (lost); no further calls are made: free space and rerun, the "
                + entries.size() + " stored answers are kept", lost, cause);
    }

    /** The failed append that stopped this cache, if any (then every further {@link #put} fails). */
    public synchronized Optional<CacheWriteException> failure() {
        return failure == null ? Optional.empty() : Optional.of(lostAnswers(failure.getCause()));
    }

    /** Answers that could not be stored since the append failed. */
    public synchronized int lostAnswerCount() {
        return lost;
    }

    /** Whether a stored reply was cut to {@value #MAX_STORED_REPLY} characters. */
    public static boolean truncated(String reply) {
        return reply != null && reply.length() > MAX_STORED_REPLY && reply.startsWith(TRUNCATED, MAX_STORED_REPLY);
    }

    /** Number of cached answers. */
    public int size() {
        if (store != null) {
            return store.size();
        }
        return entries.size();
    }

    /**
     * Where the answers live, for messages: the file, the store (e.g. a database URL), or {@code the in-memory cache}.
     *
     * @return a short description, never null
     */
    public String location() {
        if (store != null) {
            return store.toString();
        }
        return file == null ? "the in-memory cache" : file.toString();
    }

    /** The backing file; empty for an in-memory cache. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The distinct (provider, model, temperature) of the cached answers, in first-seen order. */
    public Set<ModelId> models() {
        if (store != null) {
            return store.models();
        }
        Set<ModelId> ids = new LinkedHashSet<>();
        for (Entry e : entries.values()) {
            ids.add(new ModelId(e.provider(), e.model(), e.temperature()));
        }
        return Collections.unmodifiableSet(ids);
    }

    /**
     * Closes the file (and releases its lock), or the store of a cache made by {@link #over}; further calls to
     * {@link #close} do nothing.
     */
    @Override
    public void close() {
        if (store != null) {
            store.close();
            return;
        }
        if (channel == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
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

    @Override
    public String toString() {
        if (store != null) {
            return "ResponseCache[" + store + "]";
        }
        return "ResponseCache[" + (file == null ? "memory" : file) + ", " + entries.size() + " answers]";
    }
}
