package pcasgd.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The CPU model and vector instruction sets, which decide which PyTorch kernels (and roundings) run. */
final class CpuSignature {
    private CpuSignature() { }

    static String current() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
            String flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split(" "))
                            .filter(f -> f.startsWith("avx") || f.startsWith("fma") || f.startsWith("sse4") || f.startsWith("amx"))
                            .sorted().collect(Collectors.joining(" "))).orElse("");
            return model + " | " + flags;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
