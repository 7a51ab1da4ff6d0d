package io.leadflow.api.channel;

/** The kind of conversation a channel carries; consent is kept per medium. */
public enum Medium {
    /** Email. */
    EMAIL,
    /** SMS text messages. */
    SMS,
    /** WhatsApp messages. */
    WHATSAPP,
    /** Facebook Messenger. */
    MESSENGER,
    /** Instagram direct messages. */
    INSTAGRAM,
    /** Phone calls. */
    VOICE
}
