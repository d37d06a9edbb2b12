package dev.llmnas.predictors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.LlmnasException;
import java.io.IOException;
import java.util.Set;

/**
 * Reads the JSON form of an XGBoost model (what {@code Booster.toByteArray("json")} or
 * {@code save_model("model.json")} writes) into plain arrays, checking everything {@link TreeEnsemble} relies on:
 * a {@code gbtree} booster with single-output, identity-link regression, numerical splits, scalar leaves, node
 * arrays of one length, children inside the tree, split features inside the model, no cycles. The evaluator
 * ({@link TreeEnsemble}) compiles what this returns; this class knows the file format and nothing about
 * evaluation.
 *
 * <p>Holds the objective's name, {@code learner_model_param.num_feature}, {@code base_score} as a {@code float}
 * and the trees in boosting order; the arrays are the reader's own and nobody else's.
 */
final class XGBoostJsonModel {
    private final String objective;
    private final int featureCount;
    private final float baseScore;
    private final ParsedTree[] trees;

    private XGBoostJsonModel(String objective, int featureCount, float baseScore, ParsedTree[] trees) {
        this.objective = objective;
        this.featureCount = featureCount;
        this.baseScore = baseScore;
        this.trees = trees;
    }

    /** The XGBoost objective's name, one of {@link #IDENTITY_OBJECTIVES}. */
    String objective() {
        return objective;
    }

    /** Features per row ({@code learner_model_param.num_feature}). */
    int featureCount() {
        return featureCount;
    }

    /** {@code learner_model_param.base_score}, parsed from its decimal text straight to {@code float}. */
    float baseScore() {
        return baseScore;
    }

    /** The trees in boosting order (the reader's own array: do not modify). */
    ParsedTree[] trees() {
        return trees;
    }

    /** Objectives whose prediction is the raw margin (identity link). */
    static final Set<String> IDENTITY_OBJECTIVES = Set.of("reg:squarederror", "reg:absoluteerror",
            "reg:pseudohubererror", "reg:squaredlogerror", "reg:quantileerror");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * Parses and checks a model.
     *
     * @throws LlmnasException when the JSON is not an XGBoost model, or uses a feature the evaluator does not
     *                         support (naming it)
     */
    static XGBoostJsonModel read(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new LlmnasException("XGBoost model: not valid JSON: " + e.getMessage(), e);
        }
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw new LlmnasException("XGBoost model: no 'learner' object; expected the JSON form written by"
                    + " Booster.toByteArray(\"json\") or save_model(\"*.json\")");
        }
        String objective = learner.path("objective").path("name").asText("");
        if (!IDENTITY_OBJECTIVES.contains(objective)) {
            throw new LlmnasException("XGBoost model: objective '" + objective + "' is not supported; supported"
                    + " are the identity-link regression objectives " + IDENTITY_OBJECTIVES.stream().sorted().toList());
        }
        JsonNode param = learner.path("learner_model_param");
        int features = intParam(param, "num_feature");
        int targets = param.has("num_target") ? intParam(param, "num_target") : 1;
        int classes = param.has("num_class") ? intParam(param, "num_class") : 0;
        if (targets != 1 || classes > 1) {
            throw new LlmnasException("XGBoost model: num_target " + targets + ", num_class " + classes
                    + "; only single-output models are supported");
        }
        float base = baseScore(param.path("base_score"));
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText("");
        if (!boosterName.equals("gbtree")) {
            throw new LlmnasException("XGBoost model: booster '" + boosterName + "' is not supported; only gbtree");
        }
        JsonNode model = booster.path("model");
        JsonNode parallel = model.path("gbtree_model_param").path("num_parallel_tree");
        if (!parallel.isMissingNode() && Integer.parseInt(parallel.asText()) != 1) {
            throw new LlmnasException("XGBoost model: num_parallel_tree " + parallel.asText()
                    + " is not supported; only 1 (no random forests)");
        }
        JsonNode trees = model.path("trees");
        if (!trees.isArray()) {
            throw new LlmnasException("XGBoost model: no gradient_booster.model.trees array");
        }
        ParsedTree[] parsed = new ParsedTree[trees.size()];
        for (int t = 0; t < parsed.length; t++) {
            parsed[t] = ParsedTree.parse(trees.get(t), t, features);
        }
        return new XGBoostJsonModel(objective, features, base, parsed);
    }

    private static int intParam(JsonNode param, String name) {
        JsonNode v = param.path(name);
        try {
            return Integer.parseInt(v.asText());
        } catch (NumberFormatException e) {
            throw new LlmnasException("XGBoost model: learner_model_param." + name + " = '" + v.asText()
                    + "' is not an integer", e);
        }
    }

    /**
     * XGBoost 2 and 3 store base_score in learner_model_param as a string, "2.174E1"; later releases write
     * a vector, "[2.174E1]". Either way it is the float the predictor starts every sum from.
     */
    static float baseScore(JsonNode node) {
        String s = node.asText("").trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new LlmnasException("XGBoost model: learner_model_param.base_score = '" + node.asText()
                    + "' is not a single number", e);
        }
    }

    /** One tree as XGBoost's JSON stores it: parallel node arrays, leaves' values in split_conditions. */
    static final class ParsedTree {
        final int[] left;
        final int[] right;
        final int[] split;
        final float[] condition;
        final boolean[] defaultLeft;

        private ParsedTree(int[] left, int[] right, int[] split, float[] condition, boolean[] defaultLeft) {
            this.left = left;
            this.right = right;
            this.split = split;
            this.condition = condition;
            this.defaultLeft = defaultLeft;
        }

        static ParsedTree parse(JsonNode tree, int t, int features) {
            int[] left = ints(tree, "left_children", t);
            int n = left.length;
            int[] right = ints(tree, "right_children", t);
            int[] split = ints(tree, "split_indices", t);
            float[] condition = floats(tree, "split_conditions", t);
            int[] dl = ints(tree, "default_left", t);
            JsonNode type = tree.path("split_type");
            if (n == 0 || right.length != n || split.length != n || condition.length != n || dl.length != n) {
                throw new LlmnasException("XGBoost model: tree " + t + " has node arrays of different lengths"
                        + " (left " + n + ", right " + right.length + ", split_indices " + split.length
                        + ", split_conditions " + condition.length + ", default_left " + dl.length + ")");
            }
            JsonNode leafSize = tree.path("tree_param").path("size_leaf_vector");
            if (!leafSize.isMissingNode() && Integer.parseInt(leafSize.asText()) > 1) {
                throw new LlmnasException("XGBoost model: tree " + t + " has vector leaves (size_leaf_vector "
                        + leafSize.asText() + "); only scalar leaves are supported");
            }
            boolean[] defaultLeft = new boolean[n];
            for (int i = 0; i < n; i++) {
                defaultLeft[i] = dl[i] != 0;
                boolean isLeaf = left[i] == -1;
                if (!isLeaf) {
                    if (type.isArray() && type.size() > i && type.get(i).asInt() != 0) {
                        throw new LlmnasException("XGBoost model: tree " + t + " node " + i
                                + " is a categorical split; only numerical splits are supported");
                    }
                    if (left[i] <= 0 || left[i] >= n || right[i] <= 0 || right[i] >= n) {
                        throw new LlmnasException("XGBoost model: tree " + t + " node " + i + " has children "
                                + left[i] + "/" + right[i] + " outside [1, " + (n - 1) + "]");
                    }
                    if (split[i] < 0 || split[i] >= features) {
                        throw new LlmnasException("XGBoost model: tree " + t + " node " + i + " splits on feature "
                                + split[i] + " but the model has " + features + " features");
                    }
                }
            }
            ParsedTree parsed = new ParsedTree(left, right, split, condition, defaultLeft);
            parsed.checkAcyclic(t);
            return parsed;
        }

        /** Depth below {@code node}: 0 for a leaf. */
        int depth(int node) {
            return left[node] < 0 ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
        }

        private void checkAcyclic(int t) {
            boolean[] seen = new boolean[left.length];
            int[] stack = new int[left.length + 1];
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                int n = stack[--top];
                if (seen[n]) {
                    throw new LlmnasException("XGBoost model: tree " + t + " reaches node " + n + " twice");
                }
                seen[n] = true;
                if (left[n] >= 0) {
                    stack[top++] = left[n];
                    stack[top++] = right[n];
                }
            }
        }

        private static int[] ints(JsonNode tree, String field, int t) {
            JsonNode a = tree.path(field);
            if (!a.isArray()) {
                throw new LlmnasException("XGBoost model: tree " + t + " has no '" + field + "' array");
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode v = a.get(i);
                out[i] = v.isBoolean() ? (v.booleanValue() ? 1 : 0) : v.asInt();
            }
            return out;
        }

        private static float[] floats(JsonNode tree, String field, int t) {
            JsonNode a = tree.path(field);
            if (!a.isArray()) {
                throw new LlmnasException("XGBoost model: tree " + t + " has no '" + field + "' array");
            }
            float[] out = new float[a.size()];
            for (int i = 0; i < out.length; i++) {
                // parse the decimal text straight to float: going through double could round twice
                JsonNode v = a.get(i);
                out[i] = v.isBigDecimal() ? Float.parseFloat(v.decimalValue().toString()) : v.floatValue();
            }
            return out;
        }
    }
}
