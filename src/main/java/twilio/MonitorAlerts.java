package twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.monitor.v1.Alert;
import com.twilio.rest.monitor.v1.AlertReader;
import java.util.List;
import java.util.Map;

/**
 * Monitor API alerts through the Twilio SDK: camel-twilio 4.17 only covers the 2010-04-01 API, so there is no
 * {@code twilio:} endpoint for {@code monitor.twilio.com/v1/Alerts}.
 */
public final class MonitorAlerts {

    private final TwilioRestClient client;

    public MonitorAlerts(TwilioRestClient client) {
        this.client = client;
    }

    /** Newest first, at most {@code limit}; filters as in GET /api/twilio/alerts (null = no filter). */
    public List<Map<String, Object>> list(String logLevel, String startDate, String endDate, String limit,
                                          String pageSize) {
        int max = AccountFilters.limit(limit);
        AlertReader reader = Alert.reader().setPageSize((long) AccountFilters.pageSize(pageSize, max));
        if (logLevel != null && !logLevel.isBlank()) {
            reader.setLogLevel(AccountFilters.logLevel(logLevel));
        }
        if (startDate != null && !startDate.isBlank()) {
            reader.setStartDate(AccountFilters.date("startDate", startDate));
        }
        if (endDate != null && !endDate.isBlank()) {
            reader.setEndDate(AccountFilters.endDate("endDate", endDate));
        }
        return ResourceJson.list(reader.read(client), max);
    }

    /** The newest {@code limit} alerts as SDK resources, for the alerts watcher. */
    public List<Alert> recent(int limit) {
        return java.util.stream.StreamSupport.stream(
                Alert.reader().setPageSize((long) Math.min(limit, 1000)).read(client).spliterator(), false)
                .limit(limit).toList();
    }
}
