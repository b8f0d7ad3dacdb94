package ack;

import alarm.AlarmService;
import java.util.LinkedHashMap;
import java.util.Map;
import roster.RosterService;
import routes.AlarmApiRoute;
import twiml.AckOutcome;
import web.ApiException;

/** POST /api/alarms/{id}/ack: acknowledgement from an operator console (already authenticated by the token). */
public final class ConsoleAck {

    private final AlarmService alarms;
    private final RosterService rosters;

    public ConsoleAck(AlarmService alarms, RosterService rosters) {
        this.alarms = alarms;
        this.rosters = rosters;
    }

    public Map<String, Object> acknowledge(long alarmId, AlarmApiRoute.ConsoleAck body) {
        if (body == null || body.userId() == null) {
            throw ApiException.badRequest("userId", "userId is required");
        }
        if (rosters.findUser(body.userId()).isEmpty()) {
            throw ApiException.badRequest("userId", "no user " + body.userId());
        }
        AckOutcome outcome = alarms.acknowledge(alarmId, body.userId(), "console");
        if (outcome == AckOutcome.NOT_FOUND) {
            throw ApiException.notFound("no alarm " + alarmId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarmId", alarmId);
        out.put("outcome", outcome.name().toLowerCase());
        out.put("alarm", alarms.alarm(alarmId));
        return out;
    }
}
