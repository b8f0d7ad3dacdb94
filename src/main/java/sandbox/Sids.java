package sandbox;

import java.util.concurrent.ThreadLocalRandom;

/** Twilio-style SIDs: a two-letter prefix and 32 lowercase hex digits. */
final class Sids {

    private Sids() {
    }

    static String next(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return prefix + String.format("%016x%016x", r.nextLong(), r.nextLong());
    }
}
