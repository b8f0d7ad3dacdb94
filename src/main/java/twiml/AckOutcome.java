package twiml;

/** What an acknowledgement attempt came to. */
public enum AckOutcome { ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, WRONG_PIN, LOCKED, NO_INPUT, NOT_FOUND }
