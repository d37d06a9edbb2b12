package dev.llmnas.examples.cli;

import dev.llmnas.core.SearchResult;
import dev.llmnas.search.SearchListener;
import dev.llmnas.search.SearchProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A console progress bar, on standard error by default so that standard output stays clean for results.
 * On a terminal it redraws one line in place (at most every 100 ms); otherwise (a pipe, a CI log) it prints a
 * line at every tenth of the way, so logs stay short.
 *
 * <p>Use it as a {@link SearchListener} ({@code builder.listener(ProgressBar.stderr("search"))}) or drive it
 * directly from any long task with {@link #update(long, long, String)} and {@link #finish(String)}, e.g. while
 * labelling a pool. Thread-safe.
 */
final class ProgressBar implements SearchListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final java.io.PrintWriter out;
    private final String label;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long started;
    private long lastDraw = Long.MIN_VALUE;
    private int lastDecile = -1;
    private int lastLength;
    private boolean open;

    /**
     * @param out         where to draw
     * @param label       a short name shown first, e.g. {@code hybrid seed 3}
     * @param interactive true to redraw one line in place (a terminal), false to print separate lines
     */
    public ProgressBar(PrintStream out, String label, boolean interactive) {
        this(new java.io.PrintWriter(Objects.requireNonNull(out, "out"), true), label, interactive, System::nanoTime);
    }

    /** As {@link #ProgressBar(PrintStream, String, boolean)}, drawing on a writer (e.g. picocli's error writer). */
    public ProgressBar(java.io.PrintWriter out, String label, boolean interactive) {
        this(out, label, interactive, System::nanoTime);
    }

    ProgressBar(PrintStream out, String label, boolean interactive, LongSupplier clock) {
        this(new java.io.PrintWriter(Objects.requireNonNull(out, "out"), true), label, interactive, clock);
    }

    ProgressBar(java.io.PrintWriter out, String label, boolean interactive, LongSupplier clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.label = label == null ? "" : label;
        this.interactive = interactive;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** A bar on standard error, redrawn in place when a console is attached. */
    public static ProgressBar stderr(String label) {
        return new ProgressBar(System.err, label, System.console() != null);
    }

    /** A bar on {@code err} (a command's error writer), redrawn in place when a console is attached. */
    public static ProgressBar on(java.io.PrintWriter err, String label) {
        return new ProgressBar(err, label, System.console() != null);
    }

    /**
     * Shows {@code done} of {@code total} with a detail text (may be empty).
     *
     * @throws IllegalArgumentException when {@code total} is not positive or {@code done} is outside [0, total]
     */
    public synchronized void update(long done, long total, String detail) {
        if (total <= 0 || done < 0 || done > total) {
            throw new IllegalArgumentException("progress: done " + done + " of total " + total
                    + " is not allowed; total must be positive and done in [0, total]");
        }
        long now = clock.getAsLong();
        int decile = (int) (done * 10 / total);
        if (interactive) {
            if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            String line = render(done, total, detail, now);
            out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            out.flush();
            lastLength = line.length();
            open = true;
        } else {
            if (decile == lastDecile && done < total) {
                return;
            }
            out.println(render(done, total, detail, now));
            out.flush();
            lastDecile = decile;
        }
        lastDraw = now;
    }

    /** Ends the bar's line with a closing message (may be empty). */
    public synchronized void finish(String message) {
        String m = message == null || message.isEmpty() ? "" : message;
        if (interactive && open) {
            out.println(m.isEmpty() ? "" : "  " + m);
        } else if (!m.isEmpty()) {
            out.println((label.isEmpty() ? "" : label + ": ") + m);
        }
        out.flush();
        open = false;
    }

    String render(long done, long total, String detail, long now) {
        int filled = (int) (done * WIDTH / total);
        StringBuilder sb = new StringBuilder(96);
        if (!label.isEmpty()) {
            sb.append(label).append(' ');
        }
        sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        sb.append(done).append('/').append(total);
        sb.append(String.format(Locale.ROOT, " %3d%%", done * 100 / total));
        sb.append(' ').append(clockText(Duration.ofNanos(now - started)));
        if (detail != null && !detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        return sb.toString();
    }

    static String clockText(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    // ---- as a search listener ----------------------------------------------------------------------------

    @Override
    public void searchStarted(String strategy, int iterations, int firstIteration) {
        // the label usually names the strategy already
        update(firstIteration, iterations, label.equals(strategy) ? (firstIteration > 0 ? "resumed" : "")
                : strategy + (firstIteration > 0 ? " (resumed)" : ""));
    }

    @Override
    public void iterationFinished(SearchProgress p) {
        update(p.iteration() + 1L, p.iterations(), String.format(Locale.ROOT, "best %.4g (%s's score)  calls %s",
                p.best().score(), p.predictor(), calls(p.calls())));
    }

    @Override
    public void searchFinished(SearchResult result) {
        String who = label.equals(result.strategy()) ? "" : " (" + result.strategy() + ")";
        finish(String.format(Locale.ROOT, "done%s: best %.4g by %s, calls %s", who,
                result.best().score(), result.best().predictor(), calls(result.calls())));
    }

    private static String calls(Map<String, Long> calls) {
        StringBuilder sb = new StringBuilder();
        calls.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        });
        return sb.toString();
    }
}
