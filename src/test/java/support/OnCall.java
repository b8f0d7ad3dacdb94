package support;

import escalation.OnCallLookup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A schedule service a test controls: {@code onCall.set("day-shift", ann)}. Bound as bean {@code onCallLookup}. */
public final class OnCall implements OnCallLookup {

    private final Map<String, List<Long>> schedules = new ConcurrentHashMap<>();

    public OnCall set(String schedule, Long... users) {
        schedules.put(schedule, List.of(users));
        return this;
    }

    @Override
    public List<Long> onCall(String schedule, Instant at) {
        return schedules.getOrDefault(schedule, List.of());
    }

    @Override
    public boolean exists(String schedule) {
        return schedules.containsKey(schedule);
    }
}
