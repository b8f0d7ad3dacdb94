// Benchmark voice script: the kind of small customisation operators make. Greets the user by name on
// 'notify' and keeps Callout's default TwiML after it; every other action keeps the default.
if (callAction == 'notify' && user) {
    return twiml.say("Hello ${user.username}.").raw(response)
}
return response
