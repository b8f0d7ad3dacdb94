package roster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A person on call. The PIN hash never leaves the server: JSON shows only {@code hasPin}. {@code rules} (optional)
 * say on which channel and how long after a step reaches them they are contacted; {@code timeZone} (optional) is
 * the zone of the times in their texts.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record User(long id, String username, String sms, String phone,
                   @JsonIgnore String pinHash, String language, List<ContactRule> rules, String timeZone,
                   List<String> warnings) {

    public boolean getHasPin() {
        return pinHash != null;
    }

    public User withWarnings(List<String> w) {
        return new User(id, username, sms, phone, pinHash, language, rules, timeZone, w);
    }

    /** The zone this user reads and hears times in: their own, else {@code otherwise} (Callout's zone). */
    public ZoneId zoneOr(ZoneId otherwise) {
        return timeZone == null ? otherwise : ZoneId.of(timeZone);
    }

    /** The zone of this user's texts (UTC when none is set). */
    @JsonIgnore
    public ZoneId zone() {
        return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    }
}
