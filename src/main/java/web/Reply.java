package web;

/** A JSON reply with a status other than 200 (201 created, 202 accepted, 204 no content). */
public record Reply(int status, Object body) {

    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    public static Reply accepted(Object body) {
        return new Reply(202, body);
    }

    public static Reply noContent() {
        return new Reply(204, null);
    }
}
