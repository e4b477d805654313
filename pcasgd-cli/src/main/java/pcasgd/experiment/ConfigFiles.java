package pcasgd.experiment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import pcasgd.io.AtomicFiles;

/** Reads and writes {@link TrainConfig} as YAML (a flat mapping of keys to values). */
public final class ConfigFiles {
    private ConfigFiles() { }

    public static TrainConfig load(Path file, TrainConfig base) {
        Map<String, Object> map = readMapping(file);
        TrainConfig c = base.copy();
        map.forEach((k, v) -> {
            try {
                c.set(k, v);
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
        });
        return c;
    }

    /** A YAML file's top-level mapping; clear errors for a missing file, bad YAML or a non-mapping. */
    public static Map<String, Object> readMapping(Path file) {
        Object doc;
        try (Reader r = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new ConfigException("config file " + file + " must be a mapping of keys to values");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return typed;
    }

    public static String toYaml(Map<String, Object> map) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setSplitLines(false);
        return new Yaml(new Representer(o), o).dump(map);
    }

    public static void write(TrainConfig config, Path file) throws IOException {
        AtomicFiles.writeString(file, toYaml(config.toMap()));
    }
}
