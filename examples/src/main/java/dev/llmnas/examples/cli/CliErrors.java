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

    /**
     * The spelling of an option the user typed: {@code option} or one of its old spellings {@code aliases}
     * (the last one on the command line when several were typed, as its value is the one kept), so that a
     * message names what the user sees on their screen. {@code option} when none was typed.
     *
     * @param spec    the command being run
     * @param option  the option's current name, e.g. {@code --pool-size}
     * @param aliases its old names, e.g. {@code --pool}
     */
    static String typed(CommandSpec spec, String option, String... aliases) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null) {
            return option;
        }
        String last = option;
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(aliases));
        names.add(option);
        boolean typed = false;
        for (String arg : parsed.originalArgs()) {
            for (String name : names) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    last = name;
                    typed = true;
                }
            }
        }
        // a token such as "--pool" may be another option's value: trust it only when picocli matched that option
        return typed && parsed.hasMatchedOption(last) ? last : option;
    }

    /** As {@link #option} for commands that report usage errors as {@link IllegalArgumentException}s. */
    static IllegalArgumentException illegal(String option, String parameter, IllegalArgumentException e) {
        return new IllegalArgumentException(message(option, parameter, e.getMessage()), e);
    }

    /**
     * Refuses {@code value} below {@code min} with one line naming the option, e.g. {@code --poll: 0 is not
     * allowed; it must be at least 1 (milliseconds)}.
     *
     * @param why appended to the message, e.g. {@code " (milliseconds)"}; empty for nothing
     * @throws IllegalArgumentException when {@code value < min}
     */
    static void atLeast(String option, long value, long min, String why) {
        if (value < min) {
            throw new IllegalArgumentException(option + ": " + value + " is not allowed; it must be at least " + min
                    + why);
        }
    }
}
