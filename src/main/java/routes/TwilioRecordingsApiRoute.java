package routes;

import app.CalloutConfig;
import twilio.RawReply;
import twilio.RecordingMedia;
import twilio.TwilioHttp;
import twilio.TwilioQuery;

/** /api/twilio/recordings and /api/twilio/transcriptions: list, get, download audio, transcriptions. */
public class TwilioRecordingsApiRoute extends TwilioApiRouteBuilder {

    @Override
    public void configure() {
        CalloutConfig cfg = getContext().getRegistry().lookupByNameAndType("calloutConfig", CalloutConfig.class);
        RecordingMedia media = new RecordingMedia(new TwilioHttp(cfg.accountSid(), cfg.authToken(), cfg.apiBase()));

        replyList(twilioApi("GET", "/api/twilio/recordings", "api-twilio-recordings-list")
                .process(TwilioQuery.recordings())
                .to(twilio("recording/reader")));

        replyOne(twilioApi("GET", "/api/twilio/recordings/{sid}", "api-twilio-recordings-get")
                .process(TwilioQuery.bySid("pathSid"))
                .to(twilio("recording/fetcher")));

        // the audio itself: the SDK has no call for it, so plain HTTP with the account's auth
        twilioApi("GET", "/api/twilio/recordings/{sid}/media", "api-twilio-recordings-media")
                .bean(media, "download(${header.sid}, ${header.format})")
                .process(new RawReply());

        replyList(twilioApi("GET", "/api/twilio/recordings/{sid}/transcriptions",
                "api-twilio-recordings-transcriptions")
                .process(TwilioQuery.listOf("pathRecordingSid"))
                .to(twilio("recording-transcription/reader")));

        replyList(twilioApi("GET", "/api/twilio/transcriptions", "api-twilio-transcriptions-list")
                .process(TwilioQuery.transcriptions())
                .to(twilio("transcription/reader")));
    }
}
