/**
 * The public API: train your own DJL {@code Block}, TorchScript module or zoo model with PC-ASGD
 * (or one of its baselines) on your own data, on n agents in the deterministic simulator, on
 * actors in this JVM, or across processes.
 *
 * <p>Start at {@link pcasgd.api.PcAsgd#builder()}: a {@link pcasgd.api.ModelSpec}, training and
 * test {@link pcasgd.data.Dataset}s, a {@link pcasgd.api.Topology}, optionally a
 * {@link pcasgd.delay.DelaySpec}, an {@link pcasgd.algorithm.AlgorithmConfig}, an
 * {@link pcasgd.api.Execution}, listeners and extra metrics; {@code run()} returns a
 * {@link pcasgd.api.TrainingResult} with every epoch's metrics and the averaged model as a DJL
 * {@code Model}. The command line ({@code pcasgd train}, {@code pcasgd compare}) is built on the
 * same plan.
 *
 * <h2>The run</h2>
 * <ul>
 *   <li>{@link pcasgd.api.PcAsgd}: one validated, immutable plan of a run; {@code run()} trains it
 *       in this JVM, {@code startNode} runs one process's share of a multi-process run.</li>
 *   <li>{@link pcasgd.api.PcAsgd.Builder}: collects the plan's settings; a model, data and a
 *       topology are required, everything else has a default.</li>
 *   <li>{@link pcasgd.api.ModelSpec}: the network to train (a DJL block, a TorchScript file or a
 *       zoo model) with the shape of one example and the number of classes.</li>
 *   <li>{@link pcasgd.api.Topology}: the agents and their communication graph (ring, torus,
 *       complete, Erdős–Rényi or your own), mixed with Metropolis–Hastings weights.</li>
 *   <li>{@link pcasgd.api.Execution}: where the agents run: the deterministic simulator (the
 *       default) or Pekko actors in this JVM.</li>
 *   <li>{@link pcasgd.api.TrainingResult}: what a run returns: every epoch's metrics and the
 *       averaged parameters x̄, also as a DJL {@code Model} to save; close it.</li>
 * </ul>
 *
 * <h2>Actor runtimes and clusters</h2>
 * <ul>
 *   <li>{@link pcasgd.api.ClusterSettings}: how the actor runtimes behave: run id, skew bound,
 *       copies in flight, send period, injected delay, slow agents, checkpoints, history, traces.</li>
 *   <li>{@link pcasgd.api.LinkLatency}: injected delay per directed link, in milliseconds, for
 *       one-JVM experiments.</li>
 *   <li>{@link pcasgd.api.NodeSettings}: one process of a multi-process run: its address, seed
 *       nodes, agents, coordinator role, fingerprint, TLS and join timeout.</li>
 *   <li>{@link pcasgd.api.TlsSettings}: mutually authenticated TLS between a run's processes:
 *       key store, trust store, and where the password is read from.</li>
 *   <li>{@link pcasgd.api.ClusterNode}: one running process's share of a multi-process run; the
 *       coordinator's node hands back the run's result.</li>
 *   <li>{@link pcasgd.api.NodeOutcome}: how one process of a multi-process run ended, with the
 *       line a user reads about it.</li>
 * </ul>
 *
 * <h2>Types from other packages the builder takes</h2>
 * <ul>
 *   <li>{@link pcasgd.algorithm.AlgorithmConfig}: a method and its hyper-parameters (learning
 *       rate, momentum, weight decay, θ, predictor, the practical variant's condition).</li>
 *   <li>{@link pcasgd.algorithm.Method}: PC-ASGD, its practical variant and ablations, and the
 *       baselines (asynchronous and synchronous DSGD, centralized and local SGD).</li>
 *   <li>{@link pcasgd.algorithm.PredictorSpec}: which predictor the predicting step uses
 *       ({@code draft}, {@code taylor}, {@code extrapolate}) and its parameters.</li>
 *   <li>{@link pcasgd.algorithm.LambdaSpec}: the strength λ of the draft and Taylor predictors'
 *       Hessian term, fixed or adaptive.</li>
 *   <li>{@link pcasgd.algorithm.DampingSpec}: how far a forward predictor is trusted, β fixed or
 *       fitted online.</li>
 *   <li>{@link pcasgd.algorithm.ClipWeights}: how the clipping step re-weights the on-time
 *       neighbours once the late ones are dropped.</li>
 *   <li>{@link pcasgd.algorithm.Kernel}: how a step's equations are laid over memory; both
 *       choices give bit-identical results.</li>
 *   <li>{@link pcasgd.data.Dataset}: an in-memory labelled data set, one flat float array of
 *       examples.</li>
 *   <li>{@link pcasgd.data.Datasets}: makes a {@code Dataset} from Java arrays or a DJL
 *       {@code RandomAccessDataset}.</li>
 *   <li>{@link pcasgd.data.TrainTest}: a training set and its test set, as the built-in readers
 *       return them.</li>
 *   <li>{@link pcasgd.data.PartitionSpec}: how the training data is split across the agents: iid
 *       or Dirichlet non-iid.</li>
 *   <li>{@link pcasgd.data.Augmentation}: a random transformation of each training batch.</li>
 *   <li>{@link pcasgd.data.CifarAugmentation}: the standard CIFAR augmentation, random crop after
 *       padding and left-right flip.</li>
 *   <li>{@link pcasgd.data.Normalization}: per-channel standardisation of a data set, with the
 *       CIFAR-10 and Fashion-MNIST constants.</li>
 *   <li>{@link pcasgd.data.FashionMnist}: reads Fashion-MNIST from a directory of IDX files.</li>
 *   <li>{@link pcasgd.data.Cifar}: reads CIFAR-10 and CIFAR-100 in their binary layout.</li>
 *   <li>{@link pcasgd.data.EmbeddedData}: a small Fashion-MNIST subset shipped in the jar, for
 *       offline runs.</li>
 *   <li>{@link pcasgd.data.SyntheticData}: small generated, seeded classification sets.</li>
 *   <li>{@link pcasgd.delay.DelaySpec}: which messages are late and by how many steps (fixed,
 *       uniform, a matrix or a recorded trace), and any stragglers.</li>
 *   <li>{@link pcasgd.delay.Delivery}: whether a slow link delivers every message τ late or once
 *       every τ steps.</li>
 *   <li>{@link pcasgd.runtime.WireEncoding}: how messages carry parameters and gradients: fp32,
 *       bf16 or fp16.</li>
 *   <li>{@link pcasgd.engine.GradientOracle}: the model as the algorithms see it, for a model
 *       built by the caller instead of a {@code ModelSpec}.</li>
 *   <li>{@link pcasgd.metrics.Metric}: one per-epoch measurement, its CSV column and how the
 *       agents' shares combine into its value.</li>
 *   <li>{@link pcasgd.metrics.MetricSet}: the ordered metrics of a run, the standard ones by
 *       default.</li>
 *   <li>{@link pcasgd.metrics.StandardMetrics}: the metrics every run records.</li>
 *   <li>{@link pcasgd.metrics.MetricValue}: a metric's value for one epoch, a number or a
 *       labelled list.</li>
 *   <li>{@link pcasgd.metrics.EpochMetrics}: what one epoch measured, every metric by name plus
 *       its wall-clock times.</li>
 *   <li>{@link pcasgd.metrics.TrainingListener}: observes a run: its start, steps, epochs,
 *       averaged parameters, warnings and end.</li>
 *   <li>{@link pcasgd.metrics.RunInfo}: facts about a run known before its first step, handed
 *       to the listeners at the start.</li>
 * </ul>
 */
package pcasgd.api;
