package stats;

/** Finds whose number a Twilio event is about. */
@FunctionalInterface
public interface UserDirectory {

    /** User id of the bucket for numbers that are on nobody's roster entry. */
    long UNKNOWN_USER_ID = 0L;

    /** The id of the user whose {@code sms} or {@code phone} is exactly this E.164 number, else {@link #UNKNOWN_USER_ID}. */
    long userIdFor(String e164);
}
