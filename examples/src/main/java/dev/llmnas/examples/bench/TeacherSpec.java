package dev.llmnas.examples.bench;

import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.Locale;

/**
 * Which teacher labels the distillation pool of the hybrid's cheap predictor, as written on the command line.
 */
public sealed interface TeacherSpec {

    /** The command-line form, e.g. {@code proxy:cifar100}. */
    String id();

    /**
     * What the teacher is, in plain words for outputs: what it is fitted on or which table it reads.
     *
     * @return one line, e.g. {@code fewshot (ridge on 10 demonstrations: encoding + efficiency metrics convs,
     *         cell-params; penalties by leave-one-out)}
     */
    default String plainName() {
        if (this instanceof Proxy p) {
            return id() + " (the true " + p.dataset().id() + " accuracy of the table, another data set than the"
                    + " one searched)";
        }
        if (this instanceof FewShot f) {
            return f.encodingOnly()
                    ? id() + " (the earlier teacher: ridge, lambda 1, on the " + f.demonstrations()
                            + " demonstrations' architecture encoding only)"
                    : id() + " (ridge on " + f.demonstrations() + " demonstrations with their true accuracy:"
                            + " architecture encoding + efficiency metrics " + String.join(", ", Nb201Space.space().metricNames())
                            + "; penalties chosen by"
                            + " leave-one-out on the demonstrations)";
        }
        return id() + " (LLM-PP with the model the environment configures)";
    }

    /**
     * The true accuracy on another data set of the table: an imperfect cheap predictor whose errors are real
     * (architectures rank differently across data sets).
     */
    record Proxy(NatsBench.Dataset dataset) implements TeacherSpec {
        @Override
        public String id() {
            return "proxy:" + dataset.id();
        }
    }

    /**
     * A ridge regressor fitted on a few demonstrations (architectures with their true accuracy on the target data
     * set; each costs one expensive call, charged to the hybrid), standing in for LLM-PP's in-context
     * demonstrations. By default it sees what the prompt carries, the encoding and the efficiency metrics, with
     * penalties chosen by leave-one-out ({@code fewshot}); {@code fewshot:encoding} is the earlier teacher on the
     * encoding alone with lambda 1, kept for comparison.
     *
     * @param demonstrations demonstrations drawn, at least 3
     * @param encodingOnly   true for the earlier encoding-only teacher
     */
    record FewShot(int demonstrations, boolean encodingOnly) implements TeacherSpec {
        public FewShot {
            if (demonstrations < 3) {
                throw new IllegalArgumentException("demonstrations: " + demonstrations + " must be at least 3");
            }
        }

        /** The default teacher (encoding + efficiency metrics, penalties by leave-one-out). */
        public FewShot(int demonstrations) {
            this(demonstrations, false);
        }

        @Override
        public String id() {
            return encodingOnly ? "fewshot:encoding" : "fewshot";
        }
    }

    /** An LLM performance predictor, when one is configured. */
    record Llm() implements TeacherSpec {
        @Override
        public String id() {
            return "llm";
        }
    }

    /** The forms {@link #parse} accepts, as its messages list them. */
    String FORMS = "proxy:<cifar10|cifar100|imagenet16> (a data set other than the one searched), fewshot,"
            + " fewshot:encoding, llm";

    /**
     * Parses {@code proxy:<dataset>}, {@code fewshot}, {@code fewshot:encoding} or {@code llm}.
     *
     * @param target the data set searched on; a proxy must be another one
     * @throws IllegalArgumentException naming the value and the allowed forms ({@link #FORMS}); the message starts
     *                                  with {@code teacher: }
     */
    static TeacherSpec parse(String text, NatsBench.Dataset target) {
        String allowed = "allowed: " + FORMS;
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("teacher: '" + text + "' is empty; " + allowed);
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("fewshot")) {
            return new FewShot(10);
        }
        if (t.equals("fewshot:encoding")) {
            return new FewShot(10, true);
        }
        if (t.equals("llm")) {
            return new Llm();
        }
        if (t.startsWith("proxy:")) {
            NatsBench.Dataset d;
            try {
                d = NatsBench.Dataset.of(t.substring("proxy:".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("teacher: '" + text + "' names an unknown data set; " + allowed, e);
            }
            if (d == target) {
                throw new IllegalArgumentException("teacher: '" + text + "' is the searched data set itself, a"
                        + " perfect predictor rather than a cheap stand-in; " + allowed);
            }
            return new Proxy(d);
        }
        throw new IllegalArgumentException("teacher: '" + text + "' is not recognised; " + allowed);
    }

    /** The default: the true accuracy on CIFAR-100 (on CIFAR-10 when searching CIFAR-100). */
    static TeacherSpec defaultFor(NatsBench.Dataset target) {
        return new Proxy(target == NatsBench.Dataset.CIFAR100 ? NatsBench.Dataset.CIFAR10 : NatsBench.Dataset.CIFAR100);
    }
}
