package pcasgd.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes a TorchScript module's buffers visible through DJL 0.36, which lists only
 * {@code module.parameters()}: the module's archive is rewritten so that its classes declare their
 * buffers as parameters. A {@code torch.jit.save} file is a zip whose {@code code/} holds each class
 * as TorchScript source, with its parameter and buffer names in two class attributes,
 *
 * <pre>
 *   __parameters__ = ["weight", "bias", ]
 *   __buffers__ = ["running_mean", "running_var", "num_batches_tracked", ]
 * </pre>
 *
 * which {@code torch::jit::load} reads to mark each attribute; moving a name from the second list to
 * the first makes the same tensor a parameter of the loaded module, with the values, the code and
 * {@code requires_grad = false} of the saved buffer unchanged. Only the edited files' debug tables
 * (source positions for error messages, {@code .debug_pkl}) are dropped. Integer buffers such as
 * {@code num_batches_tracked}, which a float vector cannot hold, stay buffers. A module written back
 * ({@code torch.jit.save} of the trained model) gets its buffers declared as buffers again.
 */
public final class TorchScriptBuffers {
    private static final Pattern PARAMETERS = Pattern.compile("^(\\s*)__parameters__ = \\[(.*)\\]\\s*$");
    private static final Pattern BUFFERS = Pattern.compile("^(\\s*)__buffers__ = \\[(.*)\\]\\s*$");
    private static final Pattern NAME = Pattern.compile("\"([^\"]*)\"");

    private TorchScriptBuffers() { }

    /**
     * The module's archive with its float buffers declared as parameters, so that DJL lists them; the
     * module as given when it has no buffers, or when the rewritten archive does not load.
     */
    public static byte[] forDjl(byte[] module) {
        byte[] all;
        try {
            all = asParameters(module, Set.of());
        } catch (IllegalArgumentException e) {
            return module; // not an archive we can read: let the loader say what it is
        }
        if (all == module) {
            return module;
        }
        Set<String> keep = new HashSet<>();
        PtNDManager manager = (PtNDManager) EngineSetup.engine().newBaseManager(Device.cpu());
        try {
            PtSymbolBlock block = JniUtils.loadModule(manager, new ByteArrayInputStream(all), false, false);
            for (Pair<String, Parameter> entry : block.getParameters()) {
                NDArray array = entry.getValue().getArray();
                if (array.getDataType() != DataType.FLOAT32 && !JniUtils.requiresGrad((PtNDArray) array)) {
                    keep.add(entry.getKey().substring(entry.getKey().lastIndexOf('.') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return module;
        } finally {
            manager.close();
        }
        return keep.isEmpty() ? all : asParameters(module, keep);
    }

    /**
     * An archive written from a module loaded through {@link #forDjl} with the attributes that
     * {@code original} declares as buffers declared as buffers again (matched by attribute name).
     */
    public static byte[] restoreBuffers(byte[] written, byte[] original) {
        Set<String> buffers = new HashSet<>();
        for (Map.Entry<String, byte[]> e : read(original).entrySet()) {
            if (e.getKey().contains("/code/") && e.getKey().endsWith(".py")) {
                for (String line : new String(e.getValue(), StandardCharsets.UTF_8).split("\n")) {
                    Matcher b = BUFFERS.matcher(line);
                    if (b.matches()) {
                        buffers.addAll(names(b.group(2)));
                    }
                }
            }
        }
        return buffers.isEmpty() ? written : rewrite(written, text -> demote(text, buffers));
    }

    /** The archive with every buffer not in {@code keep} (by attribute name) declared a parameter. */
    static byte[] asParameters(byte[] module, Set<String> keep) {
        return rewrite(module, text -> promote(text, keep));
    }

    /** The archive with each code file passed through {@code edit}; the archive itself when no file changes. */
    private static byte[] rewrite(byte[] module, UnaryOperator<String> edit) {
        Map<String, byte[]> entries = read(module);
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<String> edited = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            if (name.contains("/code/") && name.endsWith(".py")) {
                String text = new String(e.getValue(), StandardCharsets.UTF_8);
                String changed = edit.apply(text);
                if (!changed.equals(text)) {
                    edited.add(name);
                    out.put(name, changed.getBytes(StandardCharsets.UTF_8));
                    continue;
                }
            }
            out.put(name, e.getValue());
        }
        for (String name : edited) {
            out.remove(name + ".debug_pkl");
        }
        return edited.isEmpty() ? module : write(out);
    }

    /** One source file with each class's buffers (except {@code keep}) moved into its parameters. */
    static String promote(String source, Set<String> keep) {
        String[] lines = source.split("\n", -1);
        int lastParameters = -1;
        for (int i = 0; i < lines.length; i++) {
            if (PARAMETERS.matcher(lines[i]).matches()) {
                lastParameters = i;
                continue;
            }
            Matcher b = BUFFERS.matcher(lines[i]);
            if (!b.matches() || lastParameters < 0) {
                continue;
            }
            Matcher p = PARAMETERS.matcher(lines[lastParameters]);
            if (!p.matches() || !p.group(1).equals(b.group(1))) {
                continue;
            }
            List<String> params = names(p.group(2));
            List<String> buffers = names(b.group(2));
            List<String> stay = new ArrayList<>();
            for (String n : buffers) {
                if (keep.contains(n)) {
                    stay.add(n);
                } else {
                    params.add(n);
                }
            }
            if (stay.size() == buffers.size()) {
                continue;
            }
            lines[lastParameters] = p.group(1) + "__parameters__ = " + list(params);
            lines[i] = b.group(1) + "__buffers__ = " + list(stay);
            lastParameters = -1;
        }
        return String.join("\n", lines);
    }

    /** One source file with the attributes named in {@code buffers} moved from each class's parameters to its buffers. */
    static String demote(String source, Set<String> buffers) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher p = PARAMETERS.matcher(lines[i]);
            Matcher b = BUFFERS.matcher(lines[i + 1]);
            if (!p.matches() || !b.matches() || !p.group(1).equals(b.group(1))) {
                continue;
            }
            List<String> params = new ArrayList<>();
            List<String> bufs = names(b.group(2));
            for (String n : names(p.group(2))) {
                if (buffers.contains(n)) {
                    bufs.add(n);
                } else {
                    params.add(n);
                }
            }
            lines[i] = p.group(1) + "__parameters__ = " + list(params);
            lines[i + 1] = b.group(1) + "__buffers__ = " + list(bufs);
        }
        return String.join("\n", lines);
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(list);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** TorchScript's own spelling: {@code ["a", "b", ]}, {@code []} when empty. */
    private static String list(List<String> names) {
        StringBuilder s = new StringBuilder("[");
        for (String n : names) {
            s.append('"').append(n).append("\", ");
        }
        return s.append(']').toString();
    }

    /**
     * The entries of a zip, by its central directory: {@code torch.jit.save} writes stored entries
     * behind data descriptors, which {@link java.util.zip.ZipInputStream} refuses.
     */
    private static Map<String, byte[]> read(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("not a TorchScript archive: no zip directory");
        }
        int count = Short.toUnsignedInt(b.getShort(end + 10));
        long at = Integer.toUnsignedLong(b.getInt(end + 16));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            int c = Math.toIntExact(at);
            if (b.getInt(c) != 0x02014b50) {
                throw new IllegalArgumentException("not a TorchScript archive: broken zip directory");
            }
            int method = Short.toUnsignedInt(b.getShort(c + 10));
            long size = Integer.toUnsignedLong(b.getInt(c + 20)); // as stored (compressed)
            int nameLength = Short.toUnsignedInt(b.getShort(c + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(c + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(c + 32));
            long local = Integer.toUnsignedLong(b.getInt(c + 42));
            String name = new String(zip, c + 46, nameLength, StandardCharsets.UTF_8);
            // zip64: a field at 0xFFFFFFFF is in the extra block 0x0001 (sizes, then the offset, as needed)
            boolean wideSize = Integer.toUnsignedLong(b.getInt(c + 24)) == 0xFFFFFFFFL;
            boolean wideCompressed = Integer.toUnsignedLong(b.getInt(c + 20)) == 0xFFFFFFFFL;
            boolean wideOffset = local == 0xFFFFFFFFL;
            for (int x = c + 46 + nameLength; x + 4 <= c + 46 + nameLength + extraLength; ) {
                int id = Short.toUnsignedInt(b.getShort(x));
                int length = Short.toUnsignedInt(b.getShort(x + 2));
                if (id == 0x0001) {
                    int f = x + 4;
                    if (wideSize) {
                        f += 8;
                    }
                    if (wideCompressed) {
                        size = b.getLong(f);
                        f += 8;
                    }
                    if (wideOffset) {
                        local = b.getLong(f);
                    }
                }
                x += 4 + length;
            }
            int l = Math.toIntExact(local);
            int data = l + 30 + Short.toUnsignedInt(b.getShort(l + 26)) + Short.toUnsignedInt(b.getShort(l + 28));
            byte[] stored = Arrays.copyOfRange(zip, data, Math.toIntExact(data + size));
            entries.put(name, switch (method) {
                case 0 -> stored;
                case 8 -> inflate(stored, name, Math.toIntExact(Integer.toUnsignedLong(b.getInt(c + 24))));
                default -> throw new IllegalArgumentException("TorchScript archive entry " + name
                        + " uses zip method " + method + "; only stored and deflated entries are read");
            });
            at += 46 + nameLength + extraLength + commentLength;
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("not a TorchScript archive: no entries");
        }
        return entries;
    }

    private static byte[] inflate(byte[] deflated, String name, int size) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            byte[] out = new byte[size];
            int n = 0;
            while (n < size && !inflater.finished()) {
                int got = inflater.inflate(out, n, size - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != size) {
                throw new IllegalArgumentException("TorchScript archive entry " + name + " is truncated");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("TorchScript archive entry " + name + " is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Entries stored uncompressed, in order (the PyTorch reader takes stored entries as well as deflated ones). */
    private static byte[] write(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                byte[] data = e.getValue();
                CRC32 crc = new CRC32();
                crc.update(data);
                z.setMethod(ZipEntry.STORED);
                z.setSize(data.length);
                z.setCompressedSize(data.length);
                z.setCrc(crc.getValue());
                out.putNextEntry(z);
                out.write(data);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
