package sandbox;

import java.time.Instant;

/** A simulated Transcription of a recording. */
record SimTranscription(String sid, long seq, String recordingSid, String text, int duration, Instant dateCreated) {
}
