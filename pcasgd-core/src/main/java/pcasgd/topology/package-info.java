/**
 * Communication graphs (ring, torus, complete, Erdős–Rényi with a connectivity check) and their
 * Metropolis–Hastings mixing matrices W with e₂(W), the second largest eigenvalue modulus.
 */
package pcasgd.topology;
