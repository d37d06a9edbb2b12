package dev.llmnas.llm;

/**
 * The paper's cumulative prompt ablations, from demonstrations alone up to the full PP prompt. Each step adds
 * one part to the previous one; {@link PromptParts#of(PromptAblation)} turns a step into switches.
 */
public enum PromptAblation {
    /** Only the demonstrations and the test architecture: no instructions at all. */
    DEMONSTRATIONS_ONLY,
    /** + the role: what the model estimates and how to answer. */
    TASK_DEFINITION,
    /** + the definitions of the hyperparameters. */
    HYPERPARAMETER_DEFINITIONS,
    /** + the data set's name and the score used to judge quality. */
    DATASET_NAME,
    /** + a few examples of the task itself. */
    TASK_EXAMPLES,
    /** + the backbone the architectures come from. */
    BACKBONE,
    /** + what the efficiency metric measures. */
    EFFICIENCY_METRIC,
    /** + the statement asking to concentrate on the demonstrations: the full prompt. */
    FULL
}
