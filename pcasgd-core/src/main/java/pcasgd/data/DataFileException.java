package pcasgd.data;

import java.io.IOException;

/**
 * A data file that is missing, malformed or inconsistent. Checked, like the {@link IOException}s
 * it sits beside, because callers can usually recover (point at another directory, fall back to
 * the embedded subset); every message names the offending file so the user can act on it.
 */
public class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
