package dev.llmnas.examples.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The module rules of llmnas, checked on the production classes of every module on this class path
 * (core, predictors, search, llm, study and examples; benchmarks may depend on anything and is not
 * imported). Modules are identified by their root package {@code dev.llmnas.<module>}.
 */
@AnalyzeClasses(
    packages = "dev.llmnas",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

  private static final String CORE = "dev.llmnas.core..";
  private static final String PREDICTORS = "dev.llmnas.predictors..";
  private static final String SEARCH = "dev.llmnas.search..";
  private static final String LLM = "dev.llmnas.llm..";
  private static final String STUDY = "dev.llmnas.study..";

  private static final List<String> LIBRARY_MODULES =
      List.of("core", "predictors", "search", "llm", "study");

  /** Skips attached test jars (such as core's contract test jar), which DoNotIncludeTests keeps. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  /** A rule that classes of {@code module} depend on no llmnas module but the allowed ones. */
  private static ArchRule moduleDependsOnlyOn(String module, String... allowed) {
    return classes()
        .that().resideInAPackage(module)
        .should().onlyDependOnClassesThat(
            or(resideOutsideOfPackage("dev.llmnas.."), resideInAnyPackage(allowed)))
        .as("classes in " + module + " depend on no llmnas module but " + String.join(", ", allowed));
  }

  @ArchTest
  static final ArchRule core_depends_on_no_other_module = moduleDependsOnlyOn(CORE, CORE);

  @ArchTest
  static final ArchRule search_depends_only_on_core = moduleDependsOnlyOn(SEARCH, SEARCH, CORE);

  @ArchTest
  static final ArchRule predictors_depend_only_on_core =
      moduleDependsOnlyOn(PREDICTORS, PREDICTORS, CORE);

  @ArchTest
  static final ArchRule llm_depends_only_on_core = moduleDependsOnlyOn(LLM, LLM, CORE);

  @ArchTest
  static final ArchRule study_depends_only_on_core_search_and_llm =
      moduleDependsOnlyOn(STUDY, STUDY, CORE, SEARCH, LLM);

  @ArchTest
  static final ArchRule search_uses_neither_llm_nor_predictors =
      noClasses().that().resideInAPackage(SEARCH)
          .should().dependOnClassesThat().resideInAnyPackage(LLM, PREDICTORS);

  @ArchTest
  static final ArchRule llm_does_not_use_search =
      noClasses().that().resideInAPackage(LLM)
          .should().dependOnClassesThat().resideInAPackage(SEARCH);

  @ArchTest
  static final ArchRule core_search_and_predictors_do_no_networking =
      noClasses().that().resideInAnyPackage(CORE, SEARCH, PREDICTORS)
          .should().dependOnClassesThat().resideInAPackage("java.net.http..")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.SocketChannel")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.ServerSocketChannel")
          .because("only llm, study (HTTP predictor, databases) and the command line talk to the network");

  @ArchTest
  static final ArchRule internal_packages_stay_inside_their_module = internalPackagesStayInside();

  private static ArchRule internalPackagesStayInside() {
    List<ArchRule> rules = LIBRARY_MODULES.stream()
        .map(module -> (ArchRule) noClasses()
            .that().resideOutsideOfPackage("dev.llmnas." + module + "..")
            .should().dependOnClassesThat().resideInAPackage("dev.llmnas." + module + "..internal..")
            .as("no class outside " + module + " uses " + module + "'s internal packages"))
        .toList();
    return CompositeArchRule.of(rules);
  }

  @ArchTest
  static final ArchRule modules_are_free_of_cycles =
      slices().matching("dev.llmnas.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule packages_inside_each_module_are_free_of_cycles =
      slices().matching("dev.llmnas.(**)").should().beFreeOfCycles();

  // ---- the public surface ----

  /**
   * A class a user can name from another package: public, and every class around it public too (a public class
   * nested in a package-private one is not API).
   */
  private static final DescribedPredicate<JavaClass> EXPORTED =
      new DescribedPredicate<>("exported (public, inside public classes only)") {
        @Override
        public boolean test(JavaClass c) {
          for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC) || k.isAnonymousClass() || k.isLocalClass()) {
              return false;
            }
          }
          return true;
        }
      };

  /**
   * A condition that no public or protected member of a class names a forbidden type in its signature: field
   * type, return type, parameter types, including type arguments ({@code List<ObjectNode>}).
   */
  private static ArchCondition<JavaClass> exposeNoTypeThat(DescribedPredicate<JavaClass> forbidden) {
    return new ArchCondition<>("expose no class that is " + forbidden.getDescription()
        + " in a public or protected signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (JavaMember m : c.getMembers()) {
          Set<JavaModifier> mods = m.getModifiers();
          if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)
              || mods.contains(JavaModifier.SYNTHETIC) || mods.contains(JavaModifier.BRIDGE)) {
            continue;
          }
          Set<JavaClass> named = new LinkedHashSet<>();
          if (m instanceof JavaField f) {
            named.addAll(f.getType().getAllInvolvedRawTypes());
          } else if (m instanceof JavaCodeUnit u) {
            named.addAll(u.getReturnType().getAllInvolvedRawTypes());
            for (JavaType p : u.getParameterTypes()) {
              named.addAll(p.getAllInvolvedRawTypes());
            }
          }
          for (JavaClass t : named) {
            if (forbidden.test(t)) {
              events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + t.getName()));
            }
          }
        }
      }
    };
  }

  /**
   * Jackson stays an implementation detail of the readers: a user of core, search or predictors never handles a
   * Jackson type.
   */
  @ArchTest
  static final ArchRule core_search_and_predictors_expose_no_jackson_types =
      classes().that().resideInAnyPackage(CORE, SEARCH, PREDICTORS).and(EXPORTED)
          .should(exposeNoTypeThat(resideInAnyPackage("com.fasterxml.jackson..")
              .as("a Jackson type")))
          .because("Jackson is how files are read, not part of the vocabulary");

  @ArchTest
  static final ArchRule the_public_api_exposes_no_internal_types =
      classes().that().resideInAPackage("dev.llmnas..").and().resideOutsideOfPackage("..internal..")
          .and(EXPORTED)
          .should(exposeNoTypeThat(resideInAnyPackage("dev.llmnas..internal..")
              .as("in an internal package")))
          .because("internal packages may change without notice; a signature that names them would leak them");

  @ArchTest
  static final ArchRule llm_keeps_its_transport_and_redaction_plumbing_package_private =
      noClasses().that().resideInAPackage(LLM)
          .and().areAssignableTo("dev.langchain4j.http.client.HttpClientBuilder")
          .or().areAssignableTo("dev.langchain4j.exception.HttpException")
          .or().haveSimpleName("Secrets")
          .or().haveSimpleName("ScoreParser")
          .or().haveSimpleName("PpPrompt")
          .or().haveSimpleName("PromptBuilder")
          .should().bePublic()
          .because("users configure keys, HTTP and prompts through LlmModels and the builders");

  @ArchTest
  static final ArchRule the_command_line_exports_only_its_entry_point =
      classes().that().resideInAPackage("dev.llmnas.examples.cli")
          .and().doNotHaveSimpleName("LlmnasCli")
          .and().areTopLevelClasses()
          .should().notBePublic()
          .because("commands, options and output helpers are the command line's plumbing; LlmnasCli is its door");
}
