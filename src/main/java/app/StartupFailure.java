package app;

/**
 * A reason Callout cannot start that an operator can fix (a bad property value, a port in use): {@link CalloutMain}
 * prints its message as one line and exits with {@link #EXIT_CODE}, instead of a stack trace or a server that runs
 * without HTTP.
 */
public final class StartupFailure extends RuntimeException {

    public static final int EXIT_CODE = 2;

    public StartupFailure(String message) {
        super(message, null, false, false);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The first StartupFailure in {@code e}'s cause chain, if any. */
    public static StartupFailure in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StartupFailure f) {
                return f;
            }
        }
        return null;
    }
}
