package pcasgd.cli;

/** One line for the user: the message of the first exception in a chain that has one. */
public final class Errors {
    private Errors() { }

    public static String describe(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
            t = t.getCause();
        }
        return e.getClass().getSimpleName();
    }
}
