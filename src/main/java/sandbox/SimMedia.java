package sandbox;

import java.util.Locale;

/** A Media resource of a message: the MediaUrl it was sent with. */
record SimMedia(String sid, String url, String contentType) {

    static SimMedia of(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        String type = u.endsWith(".png") ? "image/png" : u.endsWith(".gif") ? "image/gif"
                : u.endsWith(".jpg") || u.endsWith(".jpeg") ? "image/jpeg" : u.endsWith(".pdf") ? "application/pdf"
                : "application/octet-stream";
        return new SimMedia(Sids.next("ME"), url, type);
    }
}
