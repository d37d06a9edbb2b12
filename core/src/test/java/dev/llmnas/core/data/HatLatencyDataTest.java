package dev.llmnas.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HatLatencyDataTest {
    private static final HatLatencyData.DataSet TITANXP = new HatLatencyData.DataSet("wmt14ende",
            HatLatencyData.Device.TITANXP);

    @TempDir
    Path tmp;

    private static Path real(HatLatencyData.DataSet set) {
        return set.file(dev.llmnas.core.TestData.dir());
    }

    @Test
    void every_published_file_loads_with_its_2000_rows() {
        assertThat(HatLatencyData.sets()).hasSize(7);
        for (HatLatencyData.DataSet set : HatLatencyData.sets()) {
            HatLatencyData d = HatLatencyData.load(real(set));
            assertThat(d.set()).isEqualTo(set);
            assertThat(d.size()).as(set.toString()).isEqualTo(2_000);
            assertThat(d.rows().get(0).line()).isEqualTo(2);
            assertThat(d.rows().get(1_999).line()).isEqualTo(2_001);
            assertThat(d.measurementNoise()).as(set.toString()).isBetween(0.001, 0.1);
        }
    }

    @Test
    void the_first_row_of_the_titan_xp_file_reads_as_published() {
        HatLatencyData.Row r = HatLatencyData.load(real(TITANXP)).rows().get(0);
        assertThat(r.features()).containsExactly(640, 6, 1877.3333333333333, 5.333333333333333, 512, 6, 1536.0,
                4.666666666666667, 4.333333333333333, 2.1666666666666665);
        assertThat(r.encoderMs()).isEqualTo(5.8006539940834045);
        assertThat(r.decoderMs()).isEqualTo(246.40701866149902);
        assertThat(r.encoderStdMs()).isEqualTo(0.05418082630867947);
        assertThat(r.decoderStdMs()).isEqualTo(10.629253832482691);
        assertThat(r.totalMs()).isCloseTo(252.2076726555824, within(1e-9));
    }

    @Test
    void the_measurement_noise_is_the_mean_relative_std_of_the_total() {
        HatLatencyData d = HatLatencyData.load(real(new HatLatencyData.DataSet("wmt14enfr",
                HatLatencyData.Device.RASPBERRYPI)));
        // the figure for the Raspberry Pi: repeated measurements scatter by well under 1%
        assertThat(d.measurementNoise()).isCloseTo(0.0045, within(0.0005));
    }

    @Test
    void a_byte_order_mark_and_crlf_line_ends_read_the_same_rows() throws IOException {
        String text = Files.readString(real(TITANXP), StandardCharsets.UTF_8);
        Path variant = tmp.resolve(TITANXP.fileName());
        Files.writeString(variant, "\uFEFF" + text.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        HatLatencyData original = HatLatencyData.load(real(TITANXP));
        HatLatencyData read = HatLatencyData.load(variant);
        assertThat(read.rows()).isEqualTo(original.rows());
    }

    @Test
    void a_damaged_line_fails_naming_the_file_and_line() throws IOException {
        List<String> lines = Files.readAllLines(real(TITANXP), StandardCharsets.UTF_8);
        lines.set(4, lines.get(4).replaceFirst("^640,", "six-forty,").replaceFirst("^512,", "six-forty,"));
        Path bad = tmp.resolve("bad.csv");
        Files.write(bad, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HatLatencyData.load(bad, TITANXP))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(bad + ":5: encoder_embed_dim: 'six-forty' is not a number")
                .satisfies(e -> assertThat(((DataFormatException) e).line()).isEqualTo(5));
    }

    @Test
    void a_short_line_after_blank_lines_is_reported_at_its_own_line() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(real(TITANXP), StandardCharsets.UTF_8)
                .subList(0, 4));
        lines.add("");
        lines.add("640,6,1024");
        Path bad = tmp.resolve("short.csv");
        Files.write(bad, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HatLatencyData.load(bad, TITANXP))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(bad + ":6: 3 fields, expected 14");
    }

    @Test
    void a_negative_latency_or_a_missing_column_is_refused() throws IOException {
        List<String> lines = Files.readAllLines(real(TITANXP), StandardCharsets.UTF_8).subList(0, 3);
        Path negative = tmp.resolve("negative.csv");
        Files.write(negative, List.of(lines.get(0), lines.get(1), lines.get(2).replaceFirst(",([0-9.]+),([0-9.]+),([0-9.]+)$",
                ",-$1,$2,$3")), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HatLatencyData.load(negative, TITANXP))
                .hasMessageContaining(negative + ":3: latency_mean_decoder: -");
        Path noColumn = tmp.resolve("nocolumn.csv");
        Files.write(noColumn, List.of(lines.get(0).replace("latency_std_decoder", "std"), lines.get(1)),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HatLatencyData.load(noColumn, TITANXP))
                .hasMessageStartingWith(noColumn + ":1: missing column latency_std_decoder");
        assertThatThrownBy(() -> HatLatencyData.load(tmp.resolve("absent.csv"), TITANXP))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("no such file");
    }

    @Test
    void the_protocol_split_is_80_10_10_disjoint_complete_and_repeatable_by_seed() {
        HatLatencyData d = HatLatencyData.load(real(TITANXP));
        HatLatencyData.Split s = d.split(7);
        assertThat(s.train()).hasSize(1_600);
        assertThat(s.valid()).hasSize(200);
        assertThat(s.test()).hasSize(200);
        Set<Long> lines = new HashSet<>();
        for (List<HatLatencyData.Row> part : List.of(s.train(), s.valid(), s.test())) {
            part.forEach(r -> lines.add(r.line()));
        }
        assertThat(lines).hasSize(2_000);
        assertThat(d.split(7)).isEqualTo(s);
        HatLatencyData.Split other = d.split(8);
        assertThat(other.test()).isNotEqualTo(s.test());
        // shuffled, not the file order
        assertThat(s.train().subList(0, 10)).isNotEqualTo(d.rows().subList(0, 10));
    }

    @Test
    void sets_and_devices_parse_and_unknown_ones_name_the_allowed_values() {
        assertThat(HatLatencyData.set("hat-wmt19ende", HatLatencyData.Device.of("gpu_titanxp")).fileName())
                .isEqualTo("wmt19ende_gpu_titanxp_all.csv");
        assertThatThrownBy(() -> HatLatencyData.Device.of("tpu"))
                .hasMessage("device: 'tpu' is not one of [raspberrypi, xeon, titanxp]");
        assertThatThrownBy(() -> HatLatencyData.set("wmt19ende", HatLatencyData.Device.XEON))
                .hasMessageStartingWith("latency data: none for task 'wmt19ende' on xeon; HAT measured [");
    }
}
