package support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates users with unique numbers and a roster over them, for tests sharing one app. */
public final class Roster {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 5000));

    private Roster() {
    }

    /** A fresh valid US number (+1 415 555 01xx style, unique within this JVM). */
    public static String number() {
        return String.format("+1415%07d", 5550000 + NEXT.incrementAndGet() % 10000);
    }

    public static long user(CalloutApp app, String name, String number, String pin) {
        CalloutApp.Res r = app.api("POST", "/api/users", Map.of("username", name, "sms", number, "phone", number,
                "pin", pin));
        if (r.status() != 201) {
            throw new AssertionError("user not created: " + r.body());
        }
        return r.json().get("id").asLong();
    }

    public static void roster(CalloutApp app, String name, List<Long> members, List<String> channels) {
        CalloutApp.Res r = app.api("POST", "/api/rosters", Map.of("name", name, "members", members,
                "channels", channels));
        if (r.status() != 201) {
            throw new AssertionError("roster not created: " + r.body());
        }
    }
}
