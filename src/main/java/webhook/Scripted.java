package webhook;

import audit.AuditLog;
import java.util.Map;
import java.util.function.Consumer;
import script.CallScripts;

/** Runs a call script over the default TwiML; a failing script is audited and counted, and the default is kept. */
public final class Scripted {

    private final CallScripts scripts;
    private final AuditLog audit;
    private final Consumer<String> scriptErrors;

    public Scripted(CallScripts scripts, AuditLog audit, Consumer<String> scriptErrors) {
        this.scripts = scripts;
        this.audit = audit;
        this.scriptErrors = scriptErrors;
    }

    public String run(String script, String callAction, Map<String, Object> bindings, String defaultXml,
                      Object builder, Long alarmId, Long userId, String channel) {
        CallScripts.ScriptOutcome out = scripts.run(script, bindings, defaultXml, builder);
        if (out.error() != null) {
            audit.record("script-error", alarmId, userId, channel, "default-twiml",
                    script + ".groovy (" + callAction + "): " + out.error());
            scriptErrors.accept(script);
        }
        return out.xml();
    }
}
