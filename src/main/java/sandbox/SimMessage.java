package sandbox;

import java.time.Instant;

/** A simulated Message resource; mutable fields are guarded by the instance. */
final class SimMessage {
    final String sid;
    final long seq;
    final String from;
    final String to;
    final String body;
    final String direction;
    final String statusCallback;
    final Instant dateCreated;
    String status;
    Integer errorCode;
    String errorMessage;
    Instant dateUpdated;
    Instant dateSent;
    /** The MediaUrl parameters it was created with, as Media resources. */
    /** The account that owns it (null: the sandbox's default account). */
    volatile String account;
    volatile java.util.List<SimMedia> media = java.util.List.of();

    SimMessage(String sid, long seq, String from, String to, String body, String direction, String status,
               String statusCallback, Instant now) {
        this.sid = sid;
        this.seq = seq;
        this.from = from;
        this.to = to;
        this.body = body;
        this.direction = direction;
        this.status = status;
        this.statusCallback = statusCallback;
        this.dateCreated = now;
        this.dateUpdated = now;
    }

    synchronized void status(String status, Integer errorCode, String errorMessage, Instant now) {
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.dateUpdated = now;
        if (dateSent == null && !"queued".equals(status)) {
            dateSent = now;
        }
    }
}
