package roster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A person on call. The PIN hash never leaves the server: JSON shows only {@code hasPin}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record User(long id, String username, String sms, String phone,
                   @JsonIgnore String pinHash, String language, List<String> warnings) {

    public boolean getHasPin() {
        return pinHash != null;
    }

    public User withWarnings(List<String> w) {
        return new User(id, username, sms, phone, pinHash, language, w);
    }
}
