package sandbox;

/**
 * One account the sandbox serves (Basic auth {@code sid:token}); its webhooks are signed with {@code token}.
 *
 * @param webhookKey signs its webhooks (SignalWire: the project's Signing Key; Twilio: the auth token)
 * @param signalWire served below {@code /sandbox/signalwire/api/laml} (SignalWire's compatibility API) and signing
 *                   its webhooks with {@code X-SignalWire-Signature} as well as {@code X-Twilio-Signature}
 */
public record SandboxAccount(String sid, String token, String fromNumber, boolean signalWire, String webhookKey) {

    public SandboxAccount(String sid, String token, String fromNumber, boolean signalWire) {
        this(sid, token, fromNumber, signalWire, token);
    }
}
