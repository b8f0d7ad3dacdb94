package audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import web.ApiException;

/** GET /api/audit?since=…&alarmId=…&limit=… */
public final class AuditApi {

    private final AuditLog log;

    public AuditApi(AuditLog log) {
        this.log = log;
    }

    public List<Map<String, Object>> query(String since, String alarmId, String limit) {
        Instant from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("since", "since must be an ISO-8601 instant like 2026-11-22T10:00:00Z");
            }
        }
        Long alarm = null;
        if (alarmId != null && !alarmId.isBlank()) {
            if (!alarmId.matches("\\d{1,18}")) {
                throw ApiException.badRequest("alarmId", "alarmId must be a number");
            }
            alarm = Long.parseLong(alarmId);
        }
        int n = 1000;
        if (limit != null && !limit.isBlank()) {
            if (!limit.matches("\\d{1,5}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > 10000) {
                throw ApiException.badRequest("limit", "limit must be between 1 and 10000");
            }
            n = Integer.parseInt(limit);
        }
        return log.query(from, alarm, n);
    }
}
