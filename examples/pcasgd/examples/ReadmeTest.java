package pcasgd.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's library example is QuickStart.java, verbatim, so what a reader copies compiles and runs. */
class ReadmeTest {
    @Test
    void readmeShowsTheQuickStartFileVerbatim() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String example = Files.readString(Path.of("examples/pcasgd/examples/QuickStart.java"));
        assertTrue(readme.contains("```java\n" + example + "```\n"),
                "README.md's library example differs from examples/pcasgd/examples/QuickStart.java; paste the file again");
    }
}
