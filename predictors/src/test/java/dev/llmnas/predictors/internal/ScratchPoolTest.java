package dev.llmnas.predictors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScratchPoolTest {

    @Test
    void a_thread_that_gives_its_buffer_back_gets_the_same_one_again_without_a_new_allocation() {
        AtomicInteger made = new AtomicInteger();
        ScratchPool<int[]> pool = new ScratchPool<>(() -> {
            made.incrementAndGet();
            return new int[4];
        });
        int[] first = pool.acquire();
        pool.release(first);
        for (int i = 0; i < 1_000; i++) {
            int[] again = pool.acquire();
            assertThat(again).isSameAs(first);
            pool.release(again);
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void a_buffer_held_by_one_caller_is_never_handed_to_another() {
        ScratchPool<int[]> pool = new ScratchPool<>(() -> new int[1]);
        int[] held = pool.acquire();
        int[] other = pool.acquire();
        assertThat(other).isNotSameAs(held);
        pool.release(held);
        pool.release(other);
    }

    @Test
    void concurrent_callers_never_share_a_buffer() throws Exception {
        ScratchPool<int[]> pool = new ScratchPool<>(() -> new int[1]);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger collisions = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int mark = t + 1;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int[] b = pool.acquire();
                        if (b[0] != 0) {
                            collisions.incrementAndGet();
                        }
                        b[0] = mark;
                        Thread.onSpinWait();
                        if (b[0] != mark) {
                            collisions.incrementAndGet();
                        }
                        b[0] = 0;
                        pool.release(b);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(collisions).hasValue(0);
    }
}
