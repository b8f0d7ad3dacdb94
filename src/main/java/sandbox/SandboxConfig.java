package sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the sandbox is set up.
 *
 * @param accountSid     the account SID clients must authenticate with (AC + 32 hex)
 * @param authToken      the auth token; also signs every webhook
 * @param fromNumber     Callout's own number (E.164): phones text and call it
 * @param calloutBaseUrl base URL of Callout for inbound webhooks, e.g. {@code http://localhost:8080}
 * @param stepDelay      delay between two status steps of a message or call (default 20 ms)
 */
public record SandboxConfig(String accountSid, String authToken, String fromNumber,
                            Supplier<String> calloutBaseUrl, Duration stepDelay) {

    public SandboxConfig {
        Objects.requireNonNull(accountSid, "accountSid");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(fromNumber, "fromNumber");
        Objects.requireNonNull(calloutBaseUrl, "calloutBaseUrl");
        stepDelay = stepDelay == null ? Duration.ofMillis(20) : stepDelay;
    }

    public SandboxConfig(String accountSid, String authToken, String fromNumber, Supplier<String> calloutBaseUrl) {
        this(accountSid, authToken, fromNumber, calloutBaseUrl, null);
    }
}
