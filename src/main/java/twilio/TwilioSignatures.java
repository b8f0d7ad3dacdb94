package twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Computes X-Twilio-Signature the way Twilio signs its webhooks. */
public final class TwilioSignatures {

    private TwilioSignatures() {
    }

    /**
     * Base64 HMAC-SHA1 of the URL followed by each POST parameter, sorted by name, as name + value.
     * Values may be Strings or Collections (a repeated parameter contributes each value, sorted).
     */
    public static String sign(String authToken, String url, Map<String, ?> params) {
        StringBuilder data = new StringBuilder(url.length() + 64 * (params == null ? 0 : params.size())).append(url);
        if (params != null) {
            String[] names = params.keySet().toArray(new String[0]);
            java.util.Arrays.sort(names);  // the names in Java's String order, as a TreeMap would give them
            for (String name : names) {
                Object value = params.get(name);
                if (value instanceof String text) {
                    data.append(name).append(text);
                } else {
                    for (String v : values(value)) {
                        data.append(name).append(v);
                    }
                }
            }
        }
        return hmacSha1(authToken, data.toString());
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return List.of("");
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(v -> v == null ? "" : v.toString()).sorted().toList();
        }
        return List.of(value.toString());
    }

    /** This thread's HMAC for the last key it used: Mac.getInstance and init cost more than signing a webhook. */
    private static final ThreadLocal<KeyedMac> MACS = new ThreadLocal<>();

    private record KeyedMac(String key, Mac mac) {
    }

    private static String hmacSha1(String key, String data) {
        try {
            KeyedMac last = MACS.get();
            if (last == null || !last.key().equals(key)) {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                last = new KeyedMac(key, mac);
                MACS.set(last);
            }
            // doFinal resets the Mac to its initialised state, ready for the next signature
            return Base64.getEncoder().encodeToString(last.mac().doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
