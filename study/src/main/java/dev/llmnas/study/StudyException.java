package dev.llmnas.study;

import dev.llmnas.core.LlmnasException;

/**
 * A study or its database cannot do what was asked: the database is unreachable or refuses the credentials,
 * the study does not exist, or it was created by another configuration. The message is one line naming the
 * database (never its password), the study and what is allowed.
 */
public class StudyException extends LlmnasException {
    /** @param message one line naming what failed and what is allowed */
    public StudyException(String message) {
        super(message);
    }

    /**
     * @param message one line naming what failed and what is allowed
     * @param cause   the underlying failure
     */
    public StudyException(String message, Throwable cause) {
        super(message, cause);
    }
}
