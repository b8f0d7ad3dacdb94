package notify;

import alarm.Notification;
import com.twilio.base.ResourceSet;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash, a notification still 'pending' may have reached Twilio just before the crash. For SMS, Twilio is
 * asked first: a message to that number, since the notification was created, carrying its ack code, means it was
 * sent, and it is recorded instead of sent again. A call carries nothing of the notification that Twilio shows back,
 * so an outbound call to that number, created since the notification was, whose SID no notification has recorded,
 * is taken as this one's (one call per such notification: the next pending call to that number finds it recorded).
 */
public final class ResendGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ResendGuard.class);

    /** Twilio's largest page: the window is read in as few requests as possible. */
    private static final int PAGE = 1000;

    private final TwilioRestClient twilio;
    private final Notifier notifier;
    private final alarm.AlarmStore store;

    public ResendGuard(TwilioRestClient twilio, Notifier notifier, alarm.AlarmStore store) {
        this.twilio = twilio;
        this.notifier = notifier;
        this.store = store;
    }

    /** True when the notification must be (re)sent; false when Twilio already has it (then it is recorded). */
    public boolean needsSending(Notification n) {
        if (!n.isSms()) {
            return callNeedsPlacing(n);
        }
        try {
            // on the account the notification went out on (its roster's Twilio profile)
            String account = notifier.accountSid(n);
            ZonedDateTime since = ZonedDateTime.ofInstant(n.createdAt().minusSeconds(60), ZoneOffset.UTC);
            // every page of the window, newest first: a number paged through a storm got more than 200 texts between
            // a crash and the take-over, and a cap of 200 missed the one sent just before the crash (sent twice)
            ResourceSet<Message> messages = (account == null ? Message.reader() : Message.reader(account))
                    .setTo(new PhoneNumber(n.toNumber())).setDateSentAfter(since).pageSize(PAGE).read(twilio);
            for (Message m : messages) {
                ZonedDateTime at = m.getDateSent() != null ? m.getDateSent() : m.getDateCreated();
                if (at != null && at.isBefore(since)) {
                    break; // older than the window (a filter by day returns the whole day)
                }
                if (m.getBody() != null && m.getBody().contains(" " + n.ackCode() + " ")) {
                    LOG.info("Notification {} reached Twilio before the restart as {}: not sent again", n.id(), m.getSid());
                    notifier.sent(n, m);
                    return false;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not ask Twilio whether notification {} was sent ({}): sending it", n.id(), e.getMessage());
        }
        return true;
    }

    private boolean callNeedsPlacing(Notification n) {
        try {
            // clocks of Twilio and Callout differ a little: a minute's margin, as for SMS
            ZonedDateTime since = ZonedDateTime.ofInstant(n.createdAt().minusSeconds(60), ZoneOffset.UTC);
            for (Call c : Call.reader().setTo(new PhoneNumber(n.toNumber())).pageSize(PAGE).read(twilio)) {
                if (c.getDateCreated() != null && c.getDateCreated().isBefore(since)) {
                    break; // newest first: the rest are older than the window
                }
                if (c.getDateCreated() != null
                        && c.getDirection() != null && c.getDirection().toString().startsWith("outbound")
                        && store.notificationBySid(c.getSid()).isEmpty()) {
                    LOG.info("Notification {} reached Twilio before the restart as call {}: not placed again",
                            n.id(), c.getSid());
                    notifier.sent(n, c);
                    return false;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not ask Twilio whether the call of notification {} was placed ({}): placing it", n.id(),
                    e.getMessage());
        }
        return true;
    }
}
