/** The {@code pcasgd} command: picocli commands over the public API; {@link pcasgd.cli.Main} is the jar's entry point. */
package pcasgd.cli;
