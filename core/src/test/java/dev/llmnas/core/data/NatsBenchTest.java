package dev.llmnas.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsBenchTest {
    private static final String HEADER = "CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,"
            + "ImageNetTestAccuracy200Epochs,ArchitectureString,UniqueString";
    private static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    private static final String B = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    @TempDir
    Path tmp;

    @Test
    void the_real_table_holds_every_architecture_once_with_the_known_optima() {
        NatsBench t = TabularPredictorContractTest.table();
        assertThat(t.size()).isEqualTo(15_625);
        assertThat(new HashSet<>(t.records().stream().map(LabelledArchitecture::architecture).toList()))
                .containsExactlyInAnyOrderElementsOf(Nb201Space.all());
        // NAS-Bench-201's published optima of the 200-epoch test accuracy
        assertThat(t.optimum(NatsBench.Dataset.CIFAR10)).isCloseTo(94.37, org.assertj.core.api.Assertions.within(0.005));
        assertThat(t.optimum(NatsBench.Dataset.CIFAR100)).isCloseTo(73.51, org.assertj.core.api.Assertions.within(0.005));
        assertThat(t.optimum(NatsBench.Dataset.IMAGENET16)).isCloseTo(47.31, org.assertj.core.api.Assertions.within(0.005));
        LabelledArchitecture r = t.records().get(0);
        assertThat(r.scores()).containsOnlyKeys("cifar10", "cifar100", "imagenet16");
        assertThat(r.metrics()).containsOnlyKeys(Nb201Space.CONVS, Nb201Space.CELL_PARAMS);
        assertThat(t.accuracy(r.architecture(), NatsBench.Dataset.CIFAR100)).isEqualTo(r.score("cifar100"));
    }

    @Test
    void the_best_cifar10_cell_is_the_known_all_convolution_one() {
        NatsBench t = TabularPredictorContractTest.table();
        Architecture best = t.records().stream()
                .max(java.util.Comparator.comparingDouble(r -> r.score("cifar10"))).orElseThrow().architecture();
        assertThat(t.accuracy(best, NatsBench.Dataset.CIFAR10)).isEqualTo(t.optimum(NatsBench.Dataset.CIFAR10));
        assertThat(Nb201Space.space().metric(best, Nb201Space.CONVS)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void datasets_parse_from_their_short_names() {
        assertThat(NatsBench.Dataset.of("cifar10")).isEqualTo(NatsBench.Dataset.CIFAR10);
        assertThat(NatsBench.Dataset.of("CIFAR100")).isEqualTo(NatsBench.Dataset.CIFAR100);
        assertThat(NatsBench.Dataset.of("imagenet16-120")).isEqualTo(NatsBench.Dataset.IMAGENET16);
        assertThatThrownBy(() -> NatsBench.Dataset.of("mnist")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset: 'mnist' is not one of [cifar10, cifar100, imagenet16]");
    }

    private Path csv(String... lines) throws IOException {
        Path f = Files.createTempFile(tmp, "nats", ".csv");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void a_small_table_of_our_own_loads_and_answers_lookups() throws IOException {
        NatsBench t = NatsBench.load(csv("\uFEFF" + HEADER, "90.5,70.25,40," + A + ",x", "", "10,1,0.5," + B + ",y"));
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.accuracy(Nb201Space.parse(A), NatsBench.Dataset.CIFAR100)).isEqualTo(70.25);
        assertThat(t.optimum(NatsBench.Dataset.IMAGENET16)).isEqualTo(40.0);
        Architecture missing = Nb201Space.all().get(1);
        assertThatThrownBy(() -> t.accuracy(missing, NatsBench.Dataset.CIFAR10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not in the table");
        assertThatThrownBy(() -> t.predictor(NatsBench.Dataset.CIFAR10).predict(missing))
                .isInstanceOf(dev.llmnas.core.PredictionException.class)
                .hasMessageContaining("predictor 'nats-bench:cifar10' failed on").hasMessageContaining("not in the NATS-Bench table");
    }

    @Test
    void malformed_rows_fail_with_file_line_and_reason() throws IOException {
        assertMalformed(csv(), 1, "empty file; expected a header row");
        assertMalformed(csv("a,b,c"), 1, "missing column CIFAR10TestAccuracy200Epochs");
        assertMalformed(csv(HEADER, "1,2,3," + A + ",x", "1,2," + B + ",x"), 3, "4 fields, expected 5");
        assertMalformed(csv(HEADER, "1,2,3," + A + ",x", "1,2,3," + B + ",x,extra"), 3, "6 fields, expected 5");
        assertMalformed(csv(HEADER, "1,2,3," + A + ",x", "1,abc,3," + B + ",x"), 3,
                "CIFAR100TestAccuracy200Epochs: 'abc' is not a number");
        assertMalformed(csv(HEADER, "1,2,3,|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|,x"), 2,
                "edge-0-1: conv is not one of");
        assertMalformed(csv(HEADER, "1,2,3," + A + ",x", "4,5,6," + A + ",y"), 3, "appears twice");
        assertMalformed(csv(HEADER, "1,NaN,3," + A + ",x"), 2, "CIFAR100TestAccuracy200Epochs: 'NaN' is not a finite number");
    }

    private static void assertMalformed(Path file, long line, String reason) {
        assertThatThrownBy(() -> NatsBench.load(file)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ":" + line + ": ").hasMessageContaining(reason);
    }

    @Test
    void a_missing_table_fails_naming_the_file() {
        Path missing = tmp.resolve("nope.csv");
        assertThatThrownBy(() -> NatsBench.load(missing)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(missing + ": cannot read");
    }

    @Test
    void every_column_of_a_row_is_kept_in_its_record() {
        LabelledArchitecture r = TabularPredictorContractTest.table().records().get(0);
        assertThat(r.fields().keySet()).containsExactly("CIFAR10TestAccuracy200Epochs",
                "CIFAR100TestAccuracy200Epochs", "ImageNetTestAccuracy200Epochs", "ArchitectureString", "UniqueString");
        assertThat(Double.parseDouble(r.field("CIFAR10TestAccuracy200Epochs"))).isEqualTo(r.score("cifar10"));
        assertThat(r.field("UniqueString")).isNotBlank();
        assertThat(Nb201Space.parse(r.field("ArchitectureString"))).isEqualTo(r.architecture());
        assertThat(r.source()).isEqualTo(String.join(",", r.fields().values()));
        assertThat(r.scores().keySet()).containsExactly("cifar10", "cifar100", "imagenet16");
    }

    @Test
    void a_quoted_field_may_hold_commas_and_quotes_and_the_row_is_kept_as_written() throws IOException {
        String row = "90.5,70.25,40,\"" + A + "\",\"x, \"\"quoted\"\", y\"";
        NatsBench t = NatsBench.load(csv(HEADER, row));
        LabelledArchitecture r = t.records().get(0);
        assertThat(r.field("UniqueString")).isEqualTo("x, \"quoted\", y");
        assertThat(r.architecture()).isEqualTo(Nb201Space.parse(A));
        assertThat(r.source()).isEqualTo(row);
        assertMalformed(csv(HEADER, "1,2,3," + A + ",\"unclosed"), 2, "not valid CSV");
    }
}
