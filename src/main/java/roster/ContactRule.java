package roster;

/** "Reach me on {@code channel} {@code after} (ISO-8601) once a step reaches me, unless the alarm is acknowledged." */
public record ContactRule(String channel, String after) {
}
