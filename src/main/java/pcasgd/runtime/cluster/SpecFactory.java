package pcasgd.runtime.cluster;

import java.util.Map;
import pcasgd.runtime.SimulationSpec;

/**
 * Builds the run's spec inside an agent process. Every process must build the same spec (same
 * graph, data split, seeds) from the same inputs; {@code pcasgd agent} does it from the run's
 * YAML config, tests from a few key=value options.
 */
@FunctionalInterface
public interface SpecFactory {
    SimulationSpec create(Map<String, String> options) throws Exception;
}
