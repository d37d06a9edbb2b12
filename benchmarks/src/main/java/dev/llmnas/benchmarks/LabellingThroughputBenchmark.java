package dev.llmnas.benchmarks;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.TaskDescription;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Labelling throughput of {@link LlmPerformancePredictor}: architectures per second against a local
 * OpenAI-compatible server (the JDK's HTTP server speaking chat completions, Nagle off as in real model
 * servers) that answers every request after a fixed latency (200 ms by default), with
 * {@code --concurrency} calls in flight (default 16) versus the paper's sequential one-call-at-a-time mode,
 * measured in the same run, alternating, several rounds, medians reported. Every run goes through the real
 * LangChain4j OpenAI client, the full PP prompt with the 10 seed demonstrations, the reply parser and a fresh
 * JSONL cache file forced to disk per answer, exactly as labelling a pool does.
 *
 * <p>This is a main()-harness rather than a JMH benchmark: one measurement takes many seconds of mostly
 * waiting on the network, which JMH's iteration model does not fit. Run it with:
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx256m -Dsun.net.httpserver.nodelay=true -cp benchmarks/target/llmnas-benchmarks.jar \
 *     dev.llmnas.benchmarks.LabellingThroughputBenchmark \
 *     [--archs 1000] [--sequential-archs 100] [--concurrency 16] [--latency-ms 200] [--rounds 3]
 * </pre>
 *
 * It prints a Markdown table (see {@code benchmarks/README-labelling.md}).
 */
public final class LabellingThroughputBenchmark {

    private LabellingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int archs = intArg(args, "--archs", 1000);
        int sequentialArchs = intArg(args, "--sequential-archs", 100);
        int concurrency = intArg(args, "--concurrency", 16);
        int latencyMs = intArg(args, "--latency-ms", 200);
        int rounds = intArg(args, "--rounds", 3);

        if (!"true".equals(System.getProperty("sun.net.httpserver.nodelay"))) {
            // Real model servers disable Nagle's algorithm; without it the JDK server's separate header and body
            // writes meet the client's delayed ACK on loopback and add ~40 ms to every reply, a harness artefact.
            // The switch is JVM-wide, so the JVM's owner sets it, not this code.
            System.err.println("run with -Dsun.net.httpserver.nodelay=true (the local server would otherwise add"
                    + " ~40 ms of delayed ACK to every reply)");
            System.exit(2);
        }
        Path data = DataPaths.locate(null, System.getenv(DataPaths.ENV), Path.of(""));
        SearchSpace space = HatSpaces.wmt14ende();
        TaskDescription task = TaskDescription.machineTranslation("wmt14ende");
        List<Demonstration> demos = Demonstration.seedArchitectures(data, "wmt14ende", 123, "scratch.valid_BLEU");
        List<Architecture> pool = distinctPool(data, space, archs);

        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicLong served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/v1/chat/completions", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                byte[] request = exchange.getRequestBody().readAllBytes();
                // The latency of a remote model: the answer is ready only after this wait.
                Thread.sleep(latencyMs);
                double score = 20 + (Arrays.hashCode(request) & 0x3ff) / 100.0;
                byte[] body = ("{\"id\":\"b\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                        + String.format(Locale.ROOT, "%.2f", score) + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":3,\"total_tokens\":903}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                served.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        ExecutorService serverThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "model-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(serverThreads);
        server.start();
        Path dir = Files.createTempDirectory("llmnas-labelling-bench");
        try {
            var model = LlmModels.openAi().baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                    .modelName("bench").timeout(Duration.ofSeconds(30)).build();

            System.out.printf(Locale.ROOT, "# %d architectures at concurrency %d vs %d sequential, %d ms latency,"
                            + " %d rounds, heap max %d MiB, %d CPUs%n", pool.size(), concurrency,
                    sequentialArchs, latencyMs, rounds, Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
            // warm-up: class loading, JIT, connection pool
            measure(model, space, task, demos, pool.subList(0, Math.min(64, pool.size())), concurrency,
                    dir.resolve("warmup.jsonl"));

            double[] concurrent = new double[rounds];
            double[] sequential = new double[rounds];
            long[] peakHeap = new long[rounds];
            System.out.println();
            System.out.println("| round | mode | architectures | seconds | archs/s | peak heap MiB |");
            System.out.println("|---|---|---|---|---|---|");
            for (int r = 0; r < rounds; r++) {
                Result c = measure(model, space, task, demos, pool, concurrency, dir.resolve("c" + r + ".jsonl"));
                concurrent[r] = c.rate();
                peakHeap[r] = c.peakHeapBytes();
                row(r + 1, "concurrency " + concurrency, c);
                Result s = measure(model, space, task, demos, pool.subList(0, Math.min(sequentialArchs, pool.size())),
                        1, dir.resolve("s" + r + ".jsonl"));
                sequential[r] = s.rate();
                row(r + 1, "sequential", s);
            }
            double mc = median(concurrent);
            double ms = median(sequential);
            System.out.println();
            System.out.printf(Locale.ROOT, "median: concurrency %d %.1f archs/s, sequential %.2f archs/s, ratio %.1fx;"
                            + " peak heap (median) %d MiB; most requests in flight at the server %d; %d requests served%n",
                    concurrency, mc, ms, mc / ms, median(peakHeap) >> 20, maxInFlight.get(), served.get());
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private record Result(int archs, double seconds, long peakHeapBytes) {
        double rate() {
            return archs / seconds;
        }
    }

    private static Result measure(dev.langchain4j.model.chat.ChatModel model, SearchSpace space, TaskDescription task,
                                  List<Demonstration> demos, List<Architecture> archs, int concurrency, Path cache) {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        double[] scores;
        try (LlmPerformancePredictor llm = LlmPerformancePredictor.builder().chatModel(model).space(space).task(task)
                .demonstrations(demos).cacheFile(cache).concurrency(concurrency).build()) {
            scores = llm.predictAll(archs);
            if (llm.usage().calls() != archs.size()) {
                throw new IllegalStateException("expected " + archs.size() + " calls, made " + llm.usage().calls());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (Arrays.stream(scores).anyMatch(Double::isNaN)) {
            throw new IllegalStateException("a score is missing");
        }
        return new Result(archs.size(), seconds, peakHeap());
    }

    private static void row(int round, String mode, Result r) {
        System.out.printf(Locale.ROOT, "| %d | %s | %d | %.2f | %.2f | %d |%n", round, mode, r.archs(), r.seconds(),
                r.rate(), r.peakHeapBytes() >> 20);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The first {@code n} distinct architectures of the paper's distillation pool files. */
    private static List<Architecture> distinctPool(Path data, SearchSpace space, int n) throws IOException {
        Set<Architecture> out = new LinkedHashSet<>();
        List<Path> files;
        try (var s = Files.list(DataPaths.distillPool(data))) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            for (LabelledArchitecture r : LlmasJsonl.read(f, space)) {
                out.add(r.architecture());
                if (out.size() == n) {
                    return new ArrayList<>(out);
                }
            }
        }
        throw new IllegalArgumentException("--archs: the pool holds only " + out.size() + " distinct architectures");
    }

    private static double median(double[] v) {
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(v);
    }

    private static long median(long[] v) {
        return (long) median(java.util.Arrays.stream(v).asDoubleStream().toArray());
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    int v = Integer.parseInt(args[i + 1]);
                    if (v < 1) {
                        throw new IllegalArgumentException(name + ": " + v + " must be at least 1");
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": '" + args[i + 1] + "' is not an integer");
                }
            }
        }
        return dflt;
    }
}
