/**
 * Data sets as a user hands them to a run ({@link pcasgd.data.Dataset}, {@link pcasgd.data.Datasets}),
 * the built-in readers (Fashion-MNIST and MNIST IDX, CIFAR binary batches, the embedded subset),
 * iid and Dirichlet shards ({@link pcasgd.data.PartitionSpec}) and batch sampling.
 */
package pcasgd.data;
