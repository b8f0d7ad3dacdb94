package twiml;

/** Result of an acknowledgement attempt, as the TwiML texts tell it. */
public enum AckOutcome {
    ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, WRONG_PIN, LOCKED, NO_INPUT, NOT_FOUND
}
