package dev.llmnas.predictors.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A small lock-free pool of scratch buffers owned by one model, so that its single-prediction path allocates
 * nothing without {@link ThreadLocal}s: a per-instance {@code ThreadLocal} keeps a buffer in every thread that
 * ever used the model, for as long as the thread lives, even after the model is dropped or reloaded (worker
 * threads of long-lived pools outlive models). Here the buffers belong to the pool, hence to the model, and go
 * away with it.
 *
 * <p>{@link #acquire()} takes a buffer out of one of a few slots picked by the calling thread's id (an atomic
 * exchange: two callers never share a buffer), or makes a new one when the slots it looks at are empty (more
 * concurrent callers than slots); {@link #release} puts it back into the caller's slot if that slot is empty,
 * else drops it. Slots sit 16 references apart so that threads on different slots do not share a cache line.
 * In steady state a thread finds its buffer again and nothing is allocated.
 *
 * @param <T> the buffer type
 */
public final class ScratchPool<T> {
    /** References between two slots: 16 x 4 bytes (compressed oops) = one 64-byte cache line. */
    private static final int SPREAD = 16;

    private final AtomicReferenceArray<T> slots;
    private final int mask;
    private final Supplier<? extends T> factory;

    /**
     * A pool with room for a few buffers per available processor (at least 4, at most 64, a power of two).
     *
     * @param factory makes a new buffer when none is free
     */
    public ScratchPool(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        int cpus = Runtime.getRuntime().availableProcessors();
        int size = 4;
        while (size < 2 * cpus && size < 64) {
            size <<= 1;
        }
        this.mask = size - 1;
        this.slots = new AtomicReferenceArray<>(size * SPREAD);
    }

    private static int home() {
        long id = Thread.currentThread().getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
    }

    /** A buffer for the caller's exclusive use until it {@link #release}s it. */
    public T acquire() {
        int h = home();
        for (int probe = 0; probe < 2; probe++) {
            int slot = ((h + probe) & mask) * SPREAD;
            if (slots.getPlain(slot) != null) {
                T t = slots.getAndSet(slot, null);
                if (t != null) {
                    return t;
                }
            }
        }
        return factory.get();
    }

    /** Gives back a buffer from {@link #acquire()}; the caller must not use it afterwards. */
    public void release(T buffer) {
        int slot = (home() & mask) * SPREAD;
        if (slots.getPlain(slot) == null) {
            // a racing release may overwrite this one: the buffer is then dropped, never shared
            slots.setRelease(slot, buffer);
        }
    }
}
