/**
 * Internal: the deterministic simulator (a virtual clock in steps and a message schedule) and the
 * interface an actor runtime implements ({@link pcasgd.runtime.ActorRuntime}, found with
 * {@link java.util.ServiceLoader}). Users run plans through {@code pcasgd.api}; no compatibility
 * promise here beyond {@link pcasgd.runtime.WireEncoding}, which a plan names.
 */
package pcasgd.runtime;
