package pcasgd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.runtime.WireEncoding;

/**
 * The architecture's floors (core < cluster < cli; bench on top), held by rules over the compiled
 * classes of every module. Maven's module graph already keeps a lower module from compiling against
 * a higher one; these rules hold what the compiler cannot see.
 */
class ArchitectureTest {
    /** The core library's packages: DJL and the JDK below them, nothing of the modules above. */
    static final String[] CORE = {"pcasgd.agent..", "pcasgd.algorithm..", "pcasgd.api..", "pcasgd.data..", "pcasgd.delay..",
            "pcasgd.engine..", "pcasgd.io..", "pcasgd.metrics..", "pcasgd.model..", "pcasgd.topology.."};
    /** What only the command-line tool and the benchmarks may use. */
    static final String[] TOOLS = {"pcasgd.cli..", "pcasgd.experiment..", "pcasgd.report..", "pcasgd.dashboard..", "pcasgd.bench..", "picocli..",
            "org.yaml..", "org.knowm..", "me.tongfei..", "org.openjdk.jmh.."};

    static JavaClasses all;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("pcasgd");
    }

    @Test
    void everyModuleIsImported() {
        for (String type : new String[] {"pcasgd.api.PcAsgd", "pcasgd.runtime.cluster.ClusterRuntime", "pcasgd.cli.Main",
                "pcasgd.bench.BenchMain"}) {
            assertTrue(all.contain(type), type + " is not among the imported classes: the rules would check too little");
        }
    }

    @Test
    void theUpdateRulesImportNothing() {
        ArchRule rule = classes().that().resideInAPackage("pcasgd.algorithm..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("pcasgd.algorithm..", "java..")
                .because("an update rule is a pure function of its inputs and its own state");
        rule.check(all);
    }

    @Test
    void theCoreDependsOnNoRuntimeAboveItNorOnTheTools() {
        noClasses().that().resideInAnyPackage(CORE).or().resideInAPackage("pcasgd.runtime")
                .should().dependOnClassesThat().resideInAnyPackage("pcasgd.runtime.cluster..", "org.apache.pekko..", "com.typesafe..")
                .because("the simulator and the public API train without Pekko; the actor runtime is found at run time")
                .check(all);
        noClasses().that().resideInAnyPackage(CORE).or().resideInAPackage("pcasgd.runtime")
                .should().dependOnClassesThat().resideInAnyPackage(TOOLS)
                .because("a library user needs none of the command-line tool's libraries")
                .check(all);
    }

    @Test
    void theActorRuntimeDependsOnNoTool() {
        noClasses().that().resideInAPackage("pcasgd.runtime.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage(TOOLS)
                .check(all);
    }

    @Test
    void reportsKnowMetricsNotRuntimes() {
        noClasses().that().resideInAPackage("pcasgd.report..")
                .should().dependOnClassesThat().resideInAPackage("pcasgd.runtime..")
                .because("the listener contract and run info live beside the metrics")
                .check(all);
    }

    @Test
    void commandsUseNoInternalTypeOfTheCore() {
        noClasses().that().resideInAPackage("pcasgd.cli..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("pcasgd.agent..", "pcasgd.runtime..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(TrainingDivergedException.class,
                                WireEncoding.class))))
                .because("the agent and runtime packages are internal; a command names only what a library user names")
                .check(all);
    }

    @Test
    void commandsEnterThroughThePublicApi() {
        noClasses().that().resideInAnyPackage("pcasgd.cli..", "pcasgd.experiment..", "pcasgd.dashboard..")
                .should().dependOnClassesThat().resideInAPackage("pcasgd.runtime.cluster..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("pcasgd.runtime.SimulatedRuntime")
                .because("train, compare, sweep, theory, agent and launch start runs through pcasgd.api")
                .check(all);
    }
}
