package dev.llmnas.examples.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

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
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
          .because("only llm (and the command line) talk to the network");

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
}
