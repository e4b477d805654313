package pcasgd.bed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times plain-socket TCP transfers between bed namespaces; the same wire protocol as
 * {@code scripts/bed/transfer.py}, so either side may be either program.
 *
 * <pre>
 *   serve PORT                      source/sink until killed; prints "ready" once listening
 *   send HOST PORT BYTES MODE...    one connection per MODE; prints "MODE SECONDS BYTES"
 *       push: client → server, the clock stops when the server acknowledges every byte read
 *       pull: server → client, the clock stops when the client has read every byte
 *   probe HOST PORT TIMEOUT_MS      exit 0 if a connection opens within the timeout, else 1
 * </pre>
 *
 * A connection starts with a mode byte ('P' or 'L') and the byte count (8 bytes, big-endian).
 * Waiting for the receiver is the point: a write returns as soon as the data fits the socket
 * buffer (up to 4 MB), long before it crossed a 20 Mbit/s link.
 */
public final class TcpTransfer {
    private static final int CHUNK = 64 * 1024;

    private TcpTransfer() { }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]));
        } else if (args.length >= 5 && args[0].equals("send")) {
            send(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]),
                    Arrays.copyOfRange(args, 4, args.length));
        } else if (args.length == 4 && args[0].equals("probe")) {
            System.exit(probe(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])) ? 0 : 1);
        } else {
            System.err.println("usage: TcpTransfer serve PORT | send HOST PORT BYTES (push|pull)... | probe HOST PORT TIMEOUT_MS");
            System.exit(2);
        }
    }

    static void serve(int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("0.0.0.0", port));
            System.out.println("ready");
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> handle(s), "transfer-" + s.getPort());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void handle(Socket socket) {
        try (Socket s = socket) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte mode = in.readByte();
            long size = in.readLong();
            if (mode == 'P') {
                long got = drain(in);
                new DataOutputStream(out).writeLong(got);
            } else if (mode == 'L') {
                fill(out, size);
            } else {
                System.err.println("unknown mode byte " + mode);
            }
        } catch (EOFException e) {
            // closed before a header: a probe
        } catch (IOException e) {
            System.err.println("transfer failed: " + e);
        }
    }

    static void send(String host, int port, long size, String[] modes) throws IOException {
        for (String mode : modes) {
            long start = System.nanoTime();
            long got;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 30_000);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                DataInputStream in = new DataInputStream(s.getInputStream());
                switch (mode) {
                    case "push" -> {
                        out.writeByte('P');
                        out.writeLong(size);
                        fill(out, size);
                        s.shutdownOutput();
                        got = in.readLong();
                    }
                    case "pull" -> {
                        out.writeByte('L');
                        out.writeLong(size);
                        out.flush();
                        got = drain(in);
                    }
                    default -> throw new IllegalArgumentException("unknown mode '" + mode + "' (push or pull)");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (got != size) {
                throw new EOFException(mode + " moved " + got + " of " + size + " bytes");
            }
            System.out.printf(Locale.ROOT, "%s %.4f %d%n", mode, seconds, size);
        }
    }

    static boolean probe(String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            return true;
        } catch (IOException e) {
            System.out.println("probe: " + e);
            return false;
        }
    }

    private static void fill(OutputStream out, long size) throws IOException {
        byte[] block = new byte[CHUNK];
        for (long left = size; left > 0; left -= CHUNK) {
            out.write(block, 0, (int) Math.min(left, CHUNK));
        }
        out.flush();
    }

    private static long drain(InputStream in) throws IOException {
        byte[] block = new byte[CHUNK];
        long got = 0;
        for (int k; (k = in.read(block)) >= 0; ) {
            got += k;
        }
        return got;
    }
}
