package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    static Architecture example() {
        return Architecture.builder()
                .put("embed", 512)
                .put("rate", 0.25)
                .put("activation", "gelu")
                .put("ffn", List.of(1024, 2048, 3072))
                .build();
    }

    @Test
    void json_round_trip_keeps_every_value_type_and_the_order() {
        Architecture a = example();
        String json = a.toJson();
        assertThat(json).isEqualTo("{\"embed\":512,\"rate\":0.25,\"activation\":\"gelu\",\"ffn\":[1024,2048,3072]}");
        Architecture back = Architecture.fromJson(json);
        assertThat(back).isEqualTo(a);
        assertThat(back.key()).isEqualTo(a.key());
        assertThat(back.names()).containsExactly("embed", "rate", "activation", "ffn");
        assertThat(back.get("embed")).isInstanceOf(Integer.class);
        assertThat(back.get("rate")).isInstanceOf(Double.class);
    }

    record Holder(String label, Architecture architecture) {
    }

    @Test
    void an_architecture_nested_in_another_object_round_trips_through_jackson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Holder h = new Holder("x", example());
        String text = json.writeValueAsString(h);
        assertThat(text).contains("\"architecture\":{\"embed\":512");
        assertThat(json.readValue(text, Holder.class)).isEqualTo(h);
    }

    @Test
    void the_key_is_a_stable_canonical_string_of_the_values_in_order() {
        assertThat(example().key()).isEqualTo("embed=512;rate=0.25;activation=gelu;ffn=[1024,2048,3072]");
        assertThat(example().toString()).isEqualTo(example().key());
        assertThat(Architecture.fromJson(example().toJson()).key()).isEqualTo(example().key());
    }

    @Test
    void equality_and_hash_do_not_depend_on_the_order_of_the_dimensions() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(example().names());
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.put(n, example().get(n)));
        Architecture b = Architecture.of(reversed);
        assertThat(b).isEqualTo(example()).hasSameHashCodeAs(example());
        assertThat(b.key()).as("the key keeps the order, canonicalize() fixes it").isNotEqualTo(example().key());
    }

    @Test
    void different_values_make_different_architectures() {
        assertThat(example().with("embed", 640)).isNotEqualTo(example());
        assertThat(example().with("ffn", List.of(1024, 2048))).isNotEqualTo(example());
        assertThat(example().with("embed", 512.0)).as("an integer and a double differ until canonicalized")
                .isNotEqualTo(example());
    }

    @Test
    void long_short_and_float_values_are_normalised_and_lists_become_immutable() {
        List<Object> layers = new ArrayList<>(List.of(1L, (short) 2, 3));
        Architecture a = Architecture.of(Map.of("n", 7L, "x", 0.5f, "l", layers));
        assertThat(a.get("n")).isEqualTo(7);
        assertThat(a.get("x")).isEqualTo(0.5);
        assertThat(a.getIntList("l")).containsExactly(1, 2, 3);
        layers.add(4);
        assertThat(a.getIntList("l")).as("a copy, not a view").hasSize(3);
        assertThatThrownBy(() -> a.getIntList("l").add(5)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.values().put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unsupported_values_are_refused_naming_the_dimension_and_what_is_allowed() {
        assertThatThrownBy(() -> Architecture.of(Map.of("flag", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flag: true (Boolean) is not supported")
                .hasMessageContaining("integers, doubles, strings and lists of integers");
        assertThatThrownBy(() -> Architecture.of(Map.of("l", List.of(1, "two"))))
                .hasMessageContaining("l: list element two is not an integer");
        assertThatThrownBy(() -> Architecture.of(Map.of("n", 3_000_000_000L)))
                .hasMessage("n: 3000000000 is outside the int range");
        assertThatThrownBy(() -> Architecture.of(Map.of("x", Double.NaN))).hasMessage("x: NaN is not a finite number");
        assertThatThrownBy(() -> Architecture.of(Map.of(" ", 1))).hasMessageContaining("must not be blank");
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("n", null);
        assertThatThrownBy(() -> Architecture.of(withNull)).hasMessageContaining("n: null is not supported");
    }

    @Test
    void typed_getters_name_the_dimension_and_the_value_on_a_mismatch() {
        Architecture a = example();
        assertThat(a.getInt("embed")).isEqualTo(512);
        assertThat(a.getDouble("embed")).isEqualTo(512.0);
        assertThat(a.getString("activation")).isEqualTo("gelu");
        assertThatThrownBy(() -> a.getInt("activation")).isInstanceOf(InvalidArchitectureException.class)
                .hasMessage("activation: gelu is not an integer");
        assertThatThrownBy(() -> a.getIntList("embed")).hasMessage("embed: 512 is not a list of integers");
        assertThatThrownBy(() -> a.getString("ffn")).hasMessage("ffn: [1024,2048,3072] is not a string");
        assertThatThrownBy(() -> a.get("depth"))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessageContaining("depth: missing")
                .satisfies(e -> assertThat(((InvalidArchitectureException) e).dimension()).isEqualTo("depth"));
    }

    @Test
    void malformed_json_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> Architecture.fromJson("{\"a\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("architecture JSON:");
        assertThatThrownBy(() -> Architecture.fromJson("[1, 2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("architecture JSON:");
        assertThatThrownBy(() -> Architecture.fromJson("null")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an object");
        assertThatThrownBy(() -> Architecture.fromJson("{\"a\":[1.5]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a: list element 1.5 is not an integer");
    }

    @Test
    void with_replaces_a_value_in_place_or_appends_a_new_one() {
        Architecture a = example().with("rate", 0.5).with("extra", "x");
        assertThat(a.names()).containsExactly("embed", "rate", "activation", "ffn", "extra");
        assertThat(a.getDouble("rate")).isEqualTo(0.5);
        assertThat(example().getDouble("rate")).as("the original is unchanged").isEqualTo(0.25);
    }
}
