package twilio;

import com.twilio.exception.ApiException;

/** Finds the Twilio error inside the wrappers Camel and reflection put around it. */
public final class TwilioErrors {

    private TwilioErrors() {
    }

    public static Throwable root(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException || t.getCause() == null || t.getCause() == t) {
                return t;
            }
        }
        return e;
    }

    /** A short description: Twilio's code and message, or the root cause. */
    public static String describe(Throwable e) {
        Throwable r = root(e);
        if (r instanceof ApiException api) {
            return "Twilio " + (api.getStatusCode() == null ? "" : api.getStatusCode() + " ")
                    + (api.getCode() == null ? "" : "error " + api.getCode() + ": ") + api.getMessage();
        }
        return r == null ? "unknown error" : r.getClass().getSimpleName() + ": " + r.getMessage();
    }
}
