package pcasgd.cli;

import java.io.PrintWriter;
import java.io.Writer;

/** An error output that passes everything on and remembers its last {@code error: ...} line (the dashboard's reason a run failed). */
final class LastError {
    /** Writes to the wrapped output. */
    final PrintWriter writer;
    volatile String last;

    LastError(PrintWriter err) {
        this.writer = new PrintWriter(new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buf, int off, int len) {
                err.write(buf, off, len);
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        String l = line.toString().strip();
                        if (l.startsWith("error: ")) {
                            last = l.substring("error: ".length());
                        }
                        line.setLength(0);
                    } else {
                        line.append(buf[i]);
                    }
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                err.flush();
            }
        });
    }
}
