/** Tools around the product: the checkpoint checker of the chaos suite, the step-skew demonstration, the network average's drift. */
package pcasgd.bench.tools;
