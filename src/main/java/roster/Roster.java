package roster;

import java.util.List;

/**
 * An ordered list of users and the channels each of them is reached on; {@code profile} names the Twilio profile
 * its notifications go out on (null: the default profile).
 */
public record Roster(String name, List<Long> members, List<String> channels, String profile) {

    public Roster(String name, List<Long> members, List<String> channels) {
        this(name, members, channels, null);
    }
}
