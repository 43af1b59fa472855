package io.obproxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of the driver depend on each other in one direction only (docs/architecture.md,
 * DESIGN.md "Dependencies point one way"): {@code sql} and {@code cluster} use nothing of ours,
 * {@code route} decides from them, {@code process} and {@code session} build on those, and the
 * two surfaces, {@code jdbc} and {@code frontend}, sit on top. Checked on the compiled classes,
 * so a fully qualified name counts as much as an import; constants the compiler inlines leave no
 * trace and are not seen.
 */
@AnalyzeClasses(packages = "io.obproxy", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String[] PACKAGES = {
        "io.obproxy.metrics..", "io.obproxy.sql..", "io.obproxy.cluster..", "io.obproxy.route..", "io.obproxy.process..",
        "io.obproxy.session..", "io.obproxy.jdbc..", "io.obproxy.frontend.."};

    /** Who may use whom; a dependency not listed here fails with the classes that make it. */
    @ArchTest
    static final ArchRule DEPENDENCIES_POINT_ONE_WAY = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("metrics").definedBy("io.obproxy.metrics..")
            .layer("sql").definedBy("io.obproxy.sql..")
            .layer("cluster").definedBy("io.obproxy.cluster..")
            .layer("route").definedBy("io.obproxy.route..")
            .layer("process").definedBy("io.obproxy.process..")
            .layer("session").definedBy("io.obproxy.session..")
            .layer("jdbc").definedBy("io.obproxy.jdbc..")
            .layer("frontend").definedBy("io.obproxy.frontend..")
            .whereLayer("metrics").mayNotAccessAnyLayer()
            .whereLayer("sql").mayNotAccessAnyLayer()
            .whereLayer("cluster").mayOnlyAccessLayers("metrics")
            .whereLayer("route").mayOnlyAccessLayers("cluster", "sql")
            .whereLayer("process").mayOnlyAccessLayers("cluster", "sql")
            .whereLayer("session").mayOnlyAccessLayers("route", "cluster", "sql", "process", "metrics")
            .whereLayer("jdbc").mayOnlyAccessLayers("session", "route", "cluster", "sql", "process", "metrics")
            .whereLayer("frontend").mayOnlyAccessLayers("jdbc", "session", "process", "sql", "cluster", "metrics");

    /** A new package would escape the rule above: it has to be placed in the layering first. */
    @ArchTest
    static final ArchRule EVERY_CLASS_IS_IN_A_LAYER = classes()
            .should().resideInAnyPackage(PACKAGES)
            .because("a package outside the layering would not be checked by DEPENDENCIES_POINT_ONE_WAY");
}
