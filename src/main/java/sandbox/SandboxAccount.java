package sandbox;

/**
 * One account the sandbox serves (Basic auth {@code sid:token}); its webhooks are signed with {@code token}.
 *
 * @param signalWire served below {@code /sandbox/signalwire/api/laml} (SignalWire's compatibility API) and signing
 *                   its webhooks with {@code X-SignalWire-Signature} as well as {@code X-Twilio-Signature}
 */
public record SandboxAccount(String sid, String token, String fromNumber, boolean signalWire) {
}
