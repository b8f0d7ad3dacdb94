package roster;

import java.util.List;

/** An ordered list of users and the channels each of them is reached on. */
public record Roster(String name, List<Long> members, List<String> channels) {
}
