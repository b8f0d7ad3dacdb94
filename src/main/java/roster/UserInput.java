package roster;

import java.util.List;

/** The JSON a client sends to create or replace a user. */
public record UserInput(String username, String sms, String phone, String pin, String language,
                        List<ContactRule> rules, String timeZone) {

    public UserInput(String username, String sms, String phone, String pin, String language) {
        this(username, sms, phone, pin, language, null, null);
    }
}
