package stats;

import web.ApiException;
import web.JsonReply;

/** The HTTP face of the statistics: the seed's getUser(id), the tag totals, the UserStatistics dataset. */
public final class StatsApi {

    private final StatsService service;

    public StatsApi(StatsService service) {
        this.service = service;
    }

    public TwilioUser user(long id) {
        TwilioUser u = service.getUser(id);
        if (u == null) {
            throw ApiException.notFound("no user " + id);
        }
        return u;
    }

    /** JSON unless the client asks for text/csv. */
    public Object users(String accept) {
        if (accept != null && accept.contains("text/csv")) {
            return new JsonReply.CsvBody(service.usersCsv());
        }
        return service.users();
    }
}
