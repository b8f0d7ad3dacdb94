package sandbox;

import java.time.Instant;

/** A simulated Recording, with the Transcription made of it (if any). */
record SimRecording(String sid, long seq, String callSid, String conferenceSid, int duration, String source,
                    Instant dateCreated) {
}
