// Callout texts script: the words of every text Callout sends or speaks. Edit it while Callout runs; the next
// text uses it. A script that throws or runs too long is logged and audited, and the default text is sent.
//
// Bindings: kind ('alarm-sms', 'bundle-sms', 'ack-notice', 'clear-notice', 'voice' = the alarm as a call speaks it,
// SMS replies 'reply-ack', 'reply-list', 'reply-help', 'reply-unknown', 'reply-escalate', 'reply-close'), lang (the user's prompt pack: en, de, fr, es, nl),
// alarm (id, source, name, displayPath, priority, state, message, ackCode, eventTime), user (id, username, sms,
// phone, language; may be null), text (Callout's default, in the user's language), code (alarm-sms: the ack code),
// by and time (notices: who acknowledged, HH:mm in the user's time zone), log.
// Return the text to send; returning text (or nothing) keeps the default.
//
// Examples:
//   if (kind == 'alarm-sms' && alarm.priority == 'Critical') {
//       return "!! ${alarm.name} at ${alarm.source}: ${alarm.message ?: ''} Reply ${code} <PIN>".toString()
//   }
//   if (kind == 'clear-notice') {
//       return "OK ${time}: ${alarm.name} is back to normal".toString()
//   }

return text
