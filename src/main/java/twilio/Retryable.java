package twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;

/** Which Twilio failures are worth another try: throttling, server errors, broken connections. */
public final class Retryable {

    private Retryable() {
    }

    public static boolean test(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiConnectionException) {
                return true;
            }
            if (t instanceof ApiException api && api.getStatusCode() != null) {
                int s = api.getStatusCode();
                return s == 429 || s >= 500;
            }
        }
        return false;
    }
}
