package dev.llmnas.llm;

/**
 * Switches for the parts of a PP prompt, so that the paper's prompt ablations can be reproduced. The
 * demonstrations and the test architecture are always present.
 *
 * @param role                      the opening sentence saying what the model estimates and how to answer
 * @param hyperparameterDefinitions the meaning of each hyperparameter, from the search space's definitions
 * @param datasetName               instruction naming the data set and the quality metric
 * @param taskExamples              instruction showing examples of the task (skipped when the task has none)
 * @param backbone                  instruction naming the backbone (skipped when the task names none)
 * @param efficiencyMetric          instruction explaining the efficiency metric (skipped when there is none)
 * @param concentrate               instruction to study the demonstrations closely
 * @param efficiencyInDemonstrations whether each architecture shows its efficiency value (as in the paper)
 */
public record PromptParts(boolean role, boolean hyperparameterDefinitions, boolean datasetName, boolean taskExamples,
                          boolean backbone, boolean efficiencyMetric, boolean concentrate,
                          boolean efficiencyInDemonstrations) {

    /** Every part: the paper's full PP prompt. */
    public static PromptParts full() {
        return of(PromptAblation.FULL);
    }

    /** The switches of one ablation step; each step keeps the parts of the steps before it. */
    public static PromptParts of(PromptAblation step) {
        int n = step.ordinal();
        return new PromptParts(
                n >= PromptAblation.TASK_DEFINITION.ordinal(),
                n >= PromptAblation.HYPERPARAMETER_DEFINITIONS.ordinal(),
                n >= PromptAblation.DATASET_NAME.ordinal(),
                n >= PromptAblation.TASK_EXAMPLES.ordinal(),
                n >= PromptAblation.BACKBONE.ordinal(),
                n >= PromptAblation.EFFICIENCY_METRIC.ordinal(),
                n >= PromptAblation.FULL.ordinal(),
                true);
    }

    /** True when at least one numbered instruction is switched on. */
    public boolean anyInstruction() {
        return datasetName || taskExamples || backbone || efficiencyMetric || concentrate;
    }

    /**
     * @param on whether the prompt shows the role sentence
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withRole(boolean on) {
        return new PromptParts(on, hyperparameterDefinitions, datasetName, taskExamples, backbone, efficiencyMetric,
                concentrate, efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the hyperparameter definitions
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withHyperparameterDefinitions(boolean on) {
        return new PromptParts(role, on, datasetName, taskExamples, backbone, efficiencyMetric, concentrate,
                efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the instruction naming the data set and metric
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withDatasetName(boolean on) {
        return new PromptParts(role, hyperparameterDefinitions, on, taskExamples, backbone, efficiencyMetric,
                concentrate, efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the instruction showing task examples
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withTaskExamples(boolean on) {
        return new PromptParts(role, hyperparameterDefinitions, datasetName, on, backbone, efficiencyMetric,
                concentrate, efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the instruction naming the backbone
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withBackbone(boolean on) {
        return new PromptParts(role, hyperparameterDefinitions, datasetName, taskExamples, on, efficiencyMetric,
                concentrate, efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the instruction explaining the efficiency metric
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withEfficiencyMetric(boolean on) {
        return new PromptParts(role, hyperparameterDefinitions, datasetName, taskExamples, backbone, on, concentrate,
                efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the instruction to study the demonstrations
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withConcentrate(boolean on) {
        return new PromptParts(role, hyperparameterDefinitions, datasetName, taskExamples, backbone, efficiencyMetric,
                on, efficiencyInDemonstrations);
    }

    /**
     * @param on whether the prompt shows the efficiency value of each demonstration
     * @return a copy with that switch set, the others unchanged
     */
    public PromptParts withEfficiencyInDemonstrations(boolean on) {
        return new PromptParts(role, hyperparameterDefinitions, datasetName, taskExamples, backbone, efficiencyMetric,
                concentrate, on);
    }
}
