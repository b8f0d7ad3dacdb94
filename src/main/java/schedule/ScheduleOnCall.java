package schedule;

import escalation.OnCallLookup;
import java.time.Instant;
import java.util.List;

/**
 * The schedules as escalation's {@link OnCallLookup}: a policy's schedule target asks who is on call when its step
 * runs. The service is handed in once built (it needs the rosters, and the rosters need this to check targets).
 */
public final class ScheduleOnCall implements OnCallLookup {

    private volatile ScheduleService schedules;

    public void use(ScheduleService service) {
        this.schedules = service;
    }

    @Override
    public List<Long> onCall(String schedule, Instant at) {
        ScheduleService s = schedules;
        return s == null ? List.of() : s.onCallUserIds(schedule, at);
    }

    @Override
    public boolean exists(String schedule) {
        ScheduleService s = schedules;
        return s != null && s.exists(schedule);
    }
}
