package sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A simulated Call resource; mutable fields are guarded by the instance. */
final class SimCall {
    final String sid;
    final long seq;
    final String from;
    final String to;
    final String direction;
    final String parentCallSid;
    final String statusCallback;
    final String statusCallbackMethod;
    final List<String> statusCallbackEvents;
    final boolean machineDetection;
    final boolean record;
    final String sendDigits;
    final Instant dateCreated;
    final List<String> transcript = new ArrayList<>();
    final StringBuilder digits = new StringBuilder();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** The account that owns it (null: the sandbox's default account). */
    volatile String account;
    /** AsyncAmd's AsyncAmdStatusCallback: told AnsweredBy once the call is answered (null: none). */
    volatile String asyncAmdCallback;
    String url;
    String method;
    String twiml;
    String status = "queued";
    Instant dateUpdated;
    Instant startTime;
    Instant endTime;
    Integer duration;
    boolean redirected;
    /** True once the final status is set; the final status callback is sent exactly once. */
    boolean finalized;
    int sequenceNumber;

    SimCall(String sid, long seq, String from, String to, String direction, String parentCallSid, String url,
            String method, String twiml, String statusCallback, String statusCallbackMethod,
            List<String> statusCallbackEvents, boolean machineDetection, boolean record, String sendDigits,
            Instant now) {
        this.sid = sid;
        this.seq = seq;
        this.from = from;
        this.to = to;
        this.direction = direction;
        this.parentCallSid = parentCallSid;
        this.url = url;
        this.method = method;
        this.twiml = twiml;
        this.statusCallback = statusCallback;
        this.statusCallbackMethod = statusCallbackMethod;
        this.statusCallbackEvents = statusCallbackEvents;
        this.machineDetection = machineDetection;
        this.record = record;
        this.sendDigits = sendDigits;
        this.dateCreated = now;
        this.dateUpdated = now;
    }

    synchronized void status(String status, Instant now) {
        this.status = status;
        this.dateUpdated = now;
    }

    synchronized boolean isFinal() {
        return isFinal(status);
    }

    static boolean isFinal(String status) {
        return switch (status) {
            case "completed", "busy", "no-answer", "failed", "canceled" -> true;
            default -> false;
        };
    }

    synchronized void say(String line) {
        transcript.add(line);
    }

    synchronized List<String> transcriptCopy() {
        return List.copyOf(transcript);
    }
}
