package sandbox;

/**
 * How a simulated phone behaves.
 *
 * @param answer   answer, busy, no-answer or fail
 * @param digits   keys pressed when a call gathers input
 * @param sms      delivered, undelivered or failed
 * @param duration call duration in seconds, or null to derive it from what was said
 * @param speech   what the person says when recorded
 */
record VirtualPhone(String answer, String digits, String sms, Integer duration, String speech) {

    static final VirtualPhone DEFAULT = new VirtualPhone("answer", "", "delivered", null, "");

    VirtualPhone {
        answer = answer == null ? "answer" : answer;
        digits = digits == null ? "" : digits;
        sms = sms == null ? "delivered" : sms;
        speech = speech == null ? "" : speech;
    }
}
