package dev.llmnas.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs {@link LlmModels} in a class loader that hides one provider module's classes, as a user's class path
 * without that optional dependency would: the chosen provider fails with one line naming the artifact, and the
 * other providers still build.
 */
class MissingProviderTest {

    @ParameterizedTest
    @CsvSource({
            "dev.langchain4j.model.anthropic., anthropic, langchain4j-anthropic",
            "dev.langchain4j.model.googleai., gemini, langchain4j-google-ai-gemini",
            "dev.langchain4j.model.openai., openAi, langchain4j-open-ai",
            "dev.langchain4j.model.ollama., ollama, langchain4j-ollama"})
    void aProviderWhoseModuleIsMissingFailsWithOneLineNamingTheArtifact(String hidden, String factory,
                                                                        String artifact) throws Exception {
        ClassLoader loader = new Hiding(hidden, getClass().getClassLoader());
        Object settings = settings(loader, factory);

        assertThatThrownBy(() -> configure(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.langchain4j:" + artifact)
                .hasMessageContaining("optional dependency of llmnas-llm")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theOtherProvidersStillBuildWhenOneModuleIsMissing() throws Throwable {
        ClassLoader loader = new Hiding("dev.langchain4j.model.anthropic.", getClass().getClassLoader());

        Object configured = configure(settings(loader, "ollama"));

        assertThat(configured.toString()).contains("ollama/");
    }

    private static Object settings(ClassLoader loader, String factory) throws Exception {
        Class<?> models = Class.forName("dev.llmnas.llm.LlmModels", true, loader);
        Object s = models.getMethod(factory).invoke(null);
        for (Method m : s.getClass().getMethods()) {
            if (m.getName().equals("apiKey")) {
                m.invoke(s, "test-key-1234");
            }
            if (m.getName().equals("baseUrl")) {
                m.invoke(s, "http://127.0.0.1:9/v1");
            }
        }
        return s;
    }

    private static Object configure(Object settings) throws Throwable {
        try {
            return settings.getClass().getMethod("configure").invoke(settings);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Loads this library's classes itself (so they link against it) and hides one package prefix. */
    private static final class Hiding extends ClassLoader {
        private final String hidden;

        Hiding(String hidden, ClassLoader parent) {
            super(parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith(hidden)) {
                    throw new ClassNotFoundException(name + " (hidden by the test)");
                }
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("dev.llmnas.llm.")) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (c == null) {
                    c = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
