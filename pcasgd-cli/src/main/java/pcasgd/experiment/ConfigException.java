package pcasgd.experiment;

/** A configuration that cannot run, with a message naming the key and the problem. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
