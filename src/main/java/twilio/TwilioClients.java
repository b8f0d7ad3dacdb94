package twilio;

import app.CalloutConfig;
import com.twilio.http.TwilioRestClient;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.spi.PropertiesComponent;

/** Builds the one TwilioRestClient that camel-twilio and the account API share, and the profiles it serves. */
public final class TwilioClients {

    private TwilioClients() {
    }

    public static TwilioRestClient create(String accountSid, String authToken, Optional<String> apiBase) {
        TwilioRestClient.Builder b = new TwilioRestClient.Builder(accountSid, authToken).accountSid(accountSid);
        apiBase.ifPresent(base -> b.httpClient(new BaseUrlHttpClient(() -> base)));
        return b.build();
    }

    /**
     * One client for every profile: it authenticates as the default profile, and its HTTP client sends a request
     * naming another profile's account ({@code pathAccountSid}) to that profile's base with that profile's
     * credentials.
     */
    public static TwilioRestClient create(TwilioProfiles profiles) {
        TwilioProfile d = profiles.defaultProfile();
        return new TwilioRestClient.Builder(d.accountSid(), d.authToken()).accountSid(d.accountSid())
                .httpClient(new BaseUrlHttpClient(profiles)).build();
    }

    /**
     * The default profile from the plain {@code callout.twilio.*} keys (plus {@code .provider}, {@code .space},
     * {@code .signing-key}) and every {@code callout.twilio.profiles.<name>.*} found in the properties files, the
     * override properties or the system properties (environment variables cannot name a profile: their names lose
     * the dots).
     */
    public static TwilioProfiles profiles(CalloutConfig cfg, PropertiesComponent pc) {
        java.util.function.Function<String, Optional<String>> props = pc::resolveProperty;
        String provider = TwilioProfile.provider(props.apply("callout.twilio.provider").orElse(null));
        Optional<String> base = cfg.sandbox() || !TwilioProfile.SIGNALWIRE.equals(provider) ? cfg.apiBase()
                : TwilioProfiles.apiBase(provider, cfg.apiBase().orElse(null),
                        props.apply("callout.twilio.space").map(String::trim).filter(s -> !s.isEmpty()).orElse(null),
                        Optional.empty(), TwilioProfiles.DEFAULT);
        TwilioProfile dflt = new TwilioProfile(TwilioProfiles.DEFAULT, provider, cfg.accountSid(), cfg.authToken(),
                cfg.fromNumber(), base,
                props.apply("callout.twilio.signing-key").map(String::trim).filter(s -> !s.isEmpty()).orElse(null));
        Set<String> keys = new HashSet<>(pc.loadProperties(k -> k.startsWith(TwilioProfiles.PREFIX)).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(TwilioProfiles.PREFIX))
                .forEach(keys::add);
        return TwilioProfiles.from(dflt, keys, props, cfg.sandbox() ? cfg.apiBase() : Optional.empty());
    }
}
