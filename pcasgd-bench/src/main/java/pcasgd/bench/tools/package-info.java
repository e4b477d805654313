/** Tools around the product: the checkpoint checker of the chaos suite, the step-skew demonstration. */
package pcasgd.bench.tools;
