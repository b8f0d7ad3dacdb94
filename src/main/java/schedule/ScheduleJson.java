package schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The JSON of /api/schedules (DESIGN.md "Schedules"): what clients send and what they get back. */
public final class ScheduleJson {

    private ScheduleJson() {
    }

    /** A schedule; {@code id} is ignored on input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(Long id, String name, String timeZone, List<RotationBody> rotations) {
    }

    /** One rotation: {@code type} hourly|daily|weekly, {@code start} local time of the first hand-off. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RotationBody(String name, String type, Integer shiftLength, String start, List<Long> members,
                               List<RestrictionBody> restrict) {
    }

    /** Local hours a rotation is limited to; {@code to} before {@code from} crosses midnight. */
    public record RestrictionBody(List<String> days, String from, String to) {
    }

    /** An override: exactly one of {@code add}, {@code remove}, {@code replace}, for [start, end). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OverrideBody(Long id, String start, String end, Long add, Long remove, Replace replace) {
    }

    /** Who an override puts in whose place. */
    public record Replace(Long from, Long to) {
    }

    /** GET .../oncall. */
    public record OnCall(Instant at, List<OnCallUser> users, Instant until) {
    }

    /** A user on call. */
    public record OnCallUser(long id, String username) {
    }

    /** POST .../feeds: optionally only one user's shifts. */
    public record FeedInput(Long userId) {
    }

    /** A feed as created (the only time its URL is shown) or listed (no URL: only its hash is kept). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feed(long id, String url, Long userId, Instant createdAt) {
    }
}
