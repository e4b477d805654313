package pcasgd.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Process-wide settings of the PyTorch engine. Call {@link #configure(int)} first, before anything
 * touches DJL: PyTorch reads its thread counts once, when the native library loads, and the
 * inter-op pool cannot be resized afterwards.
 *
 * <p>Inter-op parallelism is pinned to 1 because our parallelism comes from agents running
 * concurrently, each call doing its own intra-op work; nested pools would just oversubscribe the
 * cores.
 */
public final class EngineSetup {
    public static final String ENGINE_NAME = "PyTorch";

    private static Engine engine;
    private static int intraOpThreads;

    private EngineSetup() { }

    /**
     * Sets the number of threads one forward/backward call may use. If the engine is already
     * loaded, only the intra-op count changes, and with PyTorch's OpenMP backend only for the
     * calling thread and threads that have not yet run a tensor operation.
     */
    public static synchronized void configure(int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
        EngineSetup.intraOpThreads = intraOpThreads;
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        keepTorchScriptGraphsPlain();
        if (engine != null) {
            JniUtils.setNumThreads(intraOpThreads);
        }
    }

    /** The intra-op thread count PyTorch reports (loads the engine if needed). */
    public static int intraOpThreads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /**
     * PyTorch logs to stderr at WARNING and above; DJL's zero-copy {@code PtNDArray.set} makes it warn,
     * on every run, that a guard DJL uses internally is deprecated — noise a user would read as a
     * fault. Raise libc10's threshold (its exported {@code FLAGS_caffe2_log_level}, what the
     * TORCH_CPP_LOG_LEVEL variable sets) to ERROR. Errors still print; if the symbol cannot be found
     * the engine simply keeps its default.
     */
    private static void quietNativeWarnings() {
        try {
            Path c10 = Path.of(LibUtils.getLibtorchPath()).resolve("libc10.so");
            if (Files.exists(c10)) {
                NativeLibrary.getInstance(c10.toString()).getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, 2);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LoggerFactory.getLogger(EngineSetup.class).debug("PyTorch's log level stays at its default: {}", e.toString());
        }
    }

    /**
     * With TorchScript's optimizing graph executor on, a module copy whose forward ran with autograd
     * fails its next inference-mode forward ("Inference tensors cannot be saved for backward") once two
     * copies serve calls on different threads, as in every run. DJL's PtSymbolBlock applies this
     * property on each forward, on the calling thread; a user's explicit setting is kept.
     */
    private static void keepTorchScriptGraphsPlain() {
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
    }

    /** Set to {@code default} to leave glibc's allocator as it is (for comparisons). */
    public static final String ALLOCATOR_PROPERTY = "pcasgd.nativeAllocator";
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's ceiling for M_MMAP_THRESHOLD on 64-bit (HEAP_MAX_SIZE / 2). */
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TRIM_THRESHOLD = Integer.MAX_VALUE;

    /**
     * Keeps the memory PyTorch frees for the next step instead of handing it back to the kernel.
     * Every step allocates and frees the same few MB of activations and gradients; with glibc's
     * defaults the larger blocks come from fresh mmaps and the arena's freed top is trimmed, so
     * each step page-faults its whole working set in again (a LeNet step at batch 64: ~4000 faults,
     * a third of its CPU time in the kernel — see docs/benchmarks.md). Blocks up to 32 MiB now
     * come from the arenas and arenas are never trimmed: resident memory stays at the peak working
     * set, which a training loop reuses every step anyway. Results are unchanged (allocations
     * keep their 64-byte alignment). Skipped where libc has no mallopt (musl, jemalloc builds).
     */
    private static void keepFreedNativeMemory() {
        if ("default".equals(System.getProperty(ALLOCATOR_PROPERTY))) {
            return;
        }
        try {
            com.sun.jna.Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD});
            mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD});
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LoggerFactory.getLogger(EngineSetup.class).debug("glibc's allocator keeps its defaults: {}", e.toString());
        }
    }

    /** Loads the engine once; never downloads (offline), since CI and clusters may have no network. */
    static synchronized Engine engine() {
        if (engine == null) {
            if (System.getProperty("ai.djl.offline") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            keepTorchScriptGraphsPlain();
            keepFreedNativeMemory();
            engine = Engine.getEngine(ENGINE_NAME);
            quietNativeWarnings();
            if (intraOpThreads > 0 && JniUtils.getNumThreads() != intraOpThreads) {
                JniUtils.setNumThreads(intraOpThreads);
            }
        }
        return engine;
    }
}
