package web;

/** An error with an HTTP status, a message for people and, for bad input, the offending field. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, field);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, message, field);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
