package twilio;

import java.util.Locale;
import web.ApiException;

/** Downloads a recording's audio ({@code Recordings/{Sid}.wav|.mp3}); the SDK has no call for the media itself. */
public final class RecordingMedia {

    private final TwilioHttp http;

    public RecordingMedia(TwilioHttp http) {
        this.http = http;
    }

    /** The audio bytes with Twilio's Content-Type (audio/x-wav or audio/mpeg); Twilio's error as its exception. */
    public TwilioHttp.Result download(String recordingSid, String format) {
        String sid = AccountFilters.sid("sid", recordingSid);
        String ext = format == null || format.isBlank() ? "wav" : format.trim().toLowerCase(Locale.ROOT);
        if (!ext.equals("wav") && !ext.equals("mp3")) {
            throw ApiException.badRequest("format", "format must be wav or mp3, got '" + format + "'");
        }
        TwilioHttp.Result r = http.download(http.url("api",
                "/2010-04-01/Accounts/" + http.accountSid() + "/Recordings/" + sid + "." + ext));
        if (r.status() != 200) {
            throw TwilioHttp.error(r);
        }
        String type = r.contentType() != null ? r.contentType() : ext.equals("mp3") ? "audio/mpeg" : "audio/x-wav";
        return new TwilioHttp.Result(200, type, r.body(), null);
    }
}
