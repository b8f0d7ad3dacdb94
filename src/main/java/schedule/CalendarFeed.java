package schedule;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/** A schedule's shifts as an iCalendar document (RFC 5545, written by ical4j), one event per shift. */
final class CalendarFeed {

    private CalendarFeed() {
    }

    /**
     * @param shifts    the shifts to list (an open end is cut at {@code rangeEnd})
     * @param usernames a user's name by id
     * @param now       the DTSTAMP of every event (when this copy was made)
     */
    static String write(Schedule schedule, List<Shift> shifts, LongFunction<String> usernames, Instant now,
                        Instant rangeEnd) {
        Calendar cal = new Calendar();
        cal.add(new ProdId("-//Callout//On-call schedules//EN"));
        cal.add(ImmutableVersion.VERSION_2_0);
        cal.add(ImmutableCalScale.GREGORIAN);
        // the calendar's title (RFC 7986, and the older name Google and Outlook read) and a refresh hint for Outlook
        cal.add(new Name("On call: " + schedule.name()));
        cal.add(new XProperty("X-WR-CALNAME", "On call: " + schedule.name()));
        cal.add(new XProperty("X-PUBLISHED-TTL", "PT1H"));
        for (Shift s : shifts) {
            Instant end = s.end() == null ? rangeEnd : s.end();
            // UTC times: every client shows them in its own zone, no VTIMEZONE needed
            VEvent event = new VEvent(s.start(), end,
                    "On call: " + schedule.name() + " (" + usernames.apply(s.userId()) + ")");
            // the same shift keeps its UID from one fetch to the next, so clients update instead of duplicating
            event.add(new Uid("shift-" + schedule.id() + "-" + s.userId() + "-" + s.start().getEpochSecond()
                    + "@callout"));
            // the constructor stamps the wall clock; the service's clock decides
            event.removeAll(Property.DTSTAMP);
            event.add(new DtStamp(now));
            cal.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            // not validating here: ical4j would log an empty calendar (no shifts in the range) as an error on every
            // fetch; the tests validate what is written
            new CalendarOutputter(false).output(cal, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
