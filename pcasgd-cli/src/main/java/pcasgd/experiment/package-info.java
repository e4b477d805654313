/** Configs as flat YAML keys onto the public API's builders, sweeps over them, the theory check, run folders. */
package pcasgd.experiment;
