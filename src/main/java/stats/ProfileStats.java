package stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * GET /api/stats/profiles: the six counters per Twilio profile, from the counted events and the account each came
 * from. Events of an account no profile has are kept under that account SID; events counted before accounts were
 * recorded belong to the default profile.
 */
public final class ProfileStats {

    private final Jdbi jdbi;
    private final Function<String, String> profileOfAccount;
    private final Iterable<String> profileNames;

    /**
     * @param profileOfAccount the profile name of an account SID (null SID: the default profile), or null if none
     * @param profileNames     every configured profile, each listed even with nothing counted
     */
    public ProfileStats(Jdbi jdbi, Function<String, String> profileOfAccount, Iterable<String> profileNames) {
        this.jdbi = jdbi;
        this.profileOfAccount = profileOfAccount;
        this.profileNames = profileNames;
    }

    public Map<String, Map<String, Long>> perProfile() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        profileNames.forEach(n -> out.put(n, empty()));
        jdbi.useHandle(h -> h.createQuery("SELECT account_sid, kind, COUNT(*) AS n, COALESCE(SUM(minutes), 0) AS m "
                        + "FROM stats_events GROUP BY account_sid, kind")
                .map((rs, ctx) -> {
                    String account = rs.getString("account_sid");
                    String profile = profileOfAccount.apply(account);
                    Map<String, Long> c = out.computeIfAbsent(profile != null ? profile : account, k -> empty());
                    long n = rs.getLong("n");
                    long m = rs.getLong("m");
                    switch (rs.getString("kind")) {
                        case StatsIncrement.MESSAGE_SENT -> c.merge("messagesSent", n, Long::sum);
                        case StatsIncrement.MESSAGE_RECEIVED -> c.merge("messagesReceived", n, Long::sum);
                        case StatsIncrement.CALL_SENT -> {
                            c.merge("callsSent", n, Long::sum);
                            c.merge("callMinutesSent", m, Long::sum);
                        }
                        case StatsIncrement.CALL_RECEIVED -> {
                            c.merge("callsReceived", n, Long::sum);
                            c.merge("callMinutesReceived", m, Long::sum);
                        }
                        default -> { }
                    }
                    return c;
                }).list());
        return out;
    }

    private static Map<String, Long> empty() {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String k : new String[] {"messagesSent", "messagesReceived", "callsSent", "callsReceived",
                "callMinutesSent", "callMinutesReceived"}) {
            c.put(k, 0L);
        }
        return c;
    }
}
