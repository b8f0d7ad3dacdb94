package escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import roster.ContactRule;
import roster.User;

/**
 * How a step reaches one person: by their contact rules (each channel after its delay), or, without rules, on the
 * policy's channels at once. A channel whose number the user lacks falls back to their other number.
 */
public final class ContactPlan {

    private ContactPlan() {
    }

    /** One message or call to place, and when. */
    public record Contact(String channel, String number, Instant due) {
    }

    public static List<Contact> contacts(User user, List<String> policyChannels, Instant now) {
        List<Contact> out = new ArrayList<>();
        if (user.rules() != null && !user.rules().isEmpty()) {
            for (ContactRule r : user.rules()) {
                add(out, user, r.channel(), now.plus(Duration.parse(r.after())));
            }
        } else {
            for (String channel : policyChannels) {
                add(out, user, channel, now);
            }
        }
        return out;
    }

    private static void add(List<Contact> out, User user, String channel, Instant due) {
        String number = "sms".equals(channel) ? first(user.sms(), user.phone()) : first(user.phone(), user.sms());
        if (number != null) {
            out.add(new Contact(channel, number, due));
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
