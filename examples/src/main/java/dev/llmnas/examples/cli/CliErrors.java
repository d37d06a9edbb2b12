package dev.llmnas.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Translates a library's message into the command line's words. Library classes name their parameters
 * ({@code teacher: 'bogus' is not recognised; ...}), which is right for Java callers; a user typed an option, so
 * the command line says {@code --teacher: 'bogus' is not recognised; ...}. The library's reason, value and
 * allowed values are kept; the error is a usage error (exit code 2).
 */
final class CliErrors {
    private CliErrors() {
    }

    /**
     * A usage error naming {@code option}: the message of {@code e} with its leading {@code parameter: } replaced
     * by {@code option: } (or {@code option: } put in front when the message does not start with it).
     *
     * @param spec      the command, for picocli's usage-error handling
     * @param option    the option the user typed, e.g. {@code --teacher}
     * @param parameter the library's parameter name that starts its messages, e.g. {@code teacher}
     * @param e         the library's error
     */
    static CommandLine.ParameterException option(CommandSpec spec, String option, String parameter,
                                                 IllegalArgumentException e) {
        return new CommandLine.ParameterException(spec.commandLine(), message(option, parameter, e.getMessage()), e);
    }

    /**
     * The message with {@code parameter: } (or {@code parameter } followed by the quoted value) at its start
     * replaced by {@code option: }, e.g. {@code predictor 'x' must be ...} as {@code --predictor: 'x' must be ...}.
     */
    static String message(String option, String parameter, String libraryMessage) {
        String m = libraryMessage == null ? "" : libraryMessage;
        for (String prefix : new String[] {parameter + ": ", parameter + " '"}) {
            if (m.startsWith(prefix)) {
                return option + ": " + m.substring(prefix.length() - (prefix.endsWith("'") ? 1 : 0));
            }
        }
        return option + ": " + m;
    }

    /** As {@link #option} for commands that report usage errors as {@link IllegalArgumentException}s. */
    static IllegalArgumentException illegal(String option, String parameter, IllegalArgumentException e) {
        return new IllegalArgumentException(message(option, parameter, e.getMessage()), e);
    }
}
