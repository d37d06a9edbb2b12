package dev.llmnas.examples;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.llm.LabelFiles;
import dev.llmnas.predictors.DistilledPredictor;
import dev.llmnas.predictors.XGBoostDistiller;
import java.nio.file.Path;
import java.util.List;

/**
 * Distilling labels made elsewhere, e.g. the output of {@code llmnas label} or the paper's own
 * {@code generations.jsonl} (field {@code oai_valid_BLEU}): {@code DistilLabelsExample labels.jsonl}.
 */
public final class DistilLabelsExample {
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: DistilLabelsExample LABELS.jsonl (a file the label command wrote, e.g."
                    + " java -jar llmnas-examples.jar label --pool POOL.jsonl --out LABELS.jsonl; see the README)");
            System.exit(2);
        }
        SearchSpace space = HatSpaces.wmt14ende();
        List<ScoredArchitecture> labelled = LabelFiles.read(Path.of(args[0]), space);
        List<Architecture> architectures = labelled.stream().map(ScoredArchitecture::architecture).toList();
        double[] labels = labelled.stream().mapToDouble(ScoredArchitecture::score).toArray();
        DistilledPredictor distilled = XGBoostDistiller.builder().seed(1).build()   // an instance, then distill
                .distill(space, architectures, labels, "labels from " + args[0]);
        System.out.printf("distilled %d labels; first architecture: label %.2f, distilled %.2f%n",
                labels.length, labels[0], distilled.predict(architectures.get(0)));
    }
}
