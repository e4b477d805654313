/** Benchmarks writing CSV (and JMH kernels): engine steps, vector kernels, the wire, the actor runtime. */
package pcasgd.bench;
