package twilio;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import web.ApiException;

/**
 * The named Twilio profiles: {@code callout.twilio.profiles.<name>.account-sid|auth-token|from-number|api-url|
 * provider|space|signing-key}, with the plain {@code callout.twilio.*} keys as profile {@code default}. A roster, an
 * API call or a webhook picks its profile by name or by the account SID Twilio names in every request.
 */
public final class TwilioProfiles {

    public static final String DEFAULT = "default";
    public static final String PREFIX = "callout.twilio.profiles.";
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9_-]{1,50})\\.[a-z-]+");

    private final Map<String, TwilioProfile> byName;
    private final Map<String, TwilioProfile> bySid = new LinkedHashMap<>();

    public TwilioProfiles(Collection<TwilioProfile> profiles) {
        Map<String, TwilioProfile> m = new LinkedHashMap<>();
        for (TwilioProfile p : profiles) {
            m.put(p.name(), p);
            bySid.putIfAbsent(p.accountSid(), p); // two profiles on one account share its credentials
        }
        if (!m.containsKey(DEFAULT)) {
            throw new IllegalStateException("no default Twilio profile");
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * The default profile plus every {@code callout.twilio.profiles.<name>.*} among {@code keys}. A named profile
     * without api-url talks to the default's API base when that is the sandbox ({@code sandboxBase}), else to Twilio.
     */
    public static TwilioProfiles from(TwilioProfile dflt, Set<String> keys, Function<String, Optional<String>> props,
                                      Optional<String> sandboxBase) {
        Set<String> names = new TreeSet<>();
        for (String k : keys) {
            Matcher m = KEY.matcher(k);
            if (m.matches() && !m.group(1).equals(DEFAULT)) {
                names.add(m.group(1));
            }
        }
        Map<String, TwilioProfile> out = new LinkedHashMap<>();
        out.put(DEFAULT, dflt);
        for (String name : names) {
            Function<String, String> get = key -> props.apply(PREFIX + name + "." + key).map(String::trim)
                    .filter(v -> !v.isEmpty()).orElse(null);
            String sid = get.apply("account-sid");
            String token = get.apply("auth-token");
            String from = get.apply("from-number");
            if (sid == null || token == null || from == null) {
                throw new IllegalStateException("Twilio profile '" + name + "' needs " + PREFIX + name
                        + ".account-sid, .auth-token and .from-number");
            }
            String provider = TwilioProfile.provider(get.apply("provider"));
            out.put(name, new TwilioProfile(name, provider, sid, token, from,
                    apiBase(provider, get.apply("api-url"), get.apply("space"), sandboxBase, name),
                    get.apply("signing-key")));
        }
        return new TwilioProfiles(out.values());
    }

    /**
     * The REST base of a profile: api-url as given (Twilio), or the SignalWire space's {@code /api/laml}; without
     * either, the sandbox (sandbox mode) or Twilio itself.
     */
    public static Optional<String> apiBase(String provider, String apiUrl, String space, Optional<String> sandboxBase,
                                           String name) {
        String base = apiUrl == null ? null : stripSlash(apiUrl);
        if (TwilioProfile.SIGNALWIRE.equals(provider)) {
            if (base == null && space != null) {
                base = "https://" + space + ".signalwire.com";
            }
            if (base == null) {
                throw new IllegalStateException("SignalWire profile '" + name + "' needs .space (your-space of "
                        + "your-space.signalwire.com) or .api-url");
            }
            return Optional.of(base.endsWith(TwilioProfile.SIGNALWIRE_PREFIX) ? base
                    : base + TwilioProfile.SIGNALWIRE_PREFIX);
        }
        return base != null ? Optional.of(base) : sandboxBase;
    }

    public TwilioProfile defaultProfile() {
        return byName.get(DEFAULT);
    }

    /** The profile a request names ({@code null} or blank: default); 400 naming {@code field} when unknown. */
    public TwilioProfile get(String field, String name) {
        if (name == null || name.isBlank()) {
            return defaultProfile();
        }
        TwilioProfile p = byName.get(name.trim());
        if (p == null) {
            throw ApiException.badRequest(field, "no Twilio profile '" + name + "' (configured: " + byName.keySet()
                    + ")");
        }
        return p;
    }

    public Optional<TwilioProfile> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The profile of the account Twilio named in a webhook or a REST URL; empty when none matches. */
    public Optional<TwilioProfile> byAccountSid(String accountSid) {
        return Optional.ofNullable(accountSid == null ? null : bySid.get(accountSid));
    }

    public Collection<TwilioProfile> all() {
        return byName.values();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
