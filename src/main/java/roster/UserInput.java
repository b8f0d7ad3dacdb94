package roster;

/** The JSON a client sends to create or replace a user. */
public record UserInput(String username, String sms, String phone, String pin, String language) {
}
