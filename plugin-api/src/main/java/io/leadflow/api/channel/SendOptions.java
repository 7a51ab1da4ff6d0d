package io.leadflow.api.channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a send needs beyond its text on some channels: a WhatsApp {@link MessageTemplate}, a
 * Messenger or Instagram message tag, or the variables of a voice assistant. Channels that
 * implement {@link SendWithOptions} receive them; the kernel refuses options a channel cannot take
 * rather than dropping them silently.
 *
 * <p>The 24-hour rule of WhatsApp, Messenger and Instagram: a lead who has not written on the
 * medium in the last 24 hours may only be sent a template (WhatsApp) or a tagged message
 * (Messenger, Instagram). The kernel enforces it before any provider call.
 *
 * <p>Immutable; build it with {@link #builder()}. Since channel package version 1.1.
 */
public final class SendOptions {
    private static final SendOptions NONE = builder().build();

    private final MessageTemplate template;
    private final String tag;
    private final Map<String, Object> variables;

    private SendOptions(Builder builder) {
        this.template = builder.template;
        this.tag = builder.tag;
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(builder.variables));
    }

    /** @return no options: a plain text message */
    public static SendOptions none() {
        return NONE;
    }

    /** @return a builder without options */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the template to send instead of free text, if any */
    public Optional<MessageTemplate> template() {
        return Optional.ofNullable(template);
    }

    /**
     * @return the message tag (Messenger's {@code MESSAGE_TAG} messaging type), e.g.
     *         {@code ACCOUNT_UPDATE}, {@code CONFIRMED_EVENT_UPDATE}, {@code POST_PURCHASE_UPDATE},
     *         {@code HUMAN_AGENT}, if any
     */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** @return variables for the provider (a voice assistant's variable values), possibly none */
    public Map<String, Object> variables() {
        return variables;
    }

    /** @return whether the send may go outside the 24-hour window: a template or a tagged message */
    public boolean outsideWindowAllowed() {
        return template != null || tag != null;
    }

    /** @return whether there is any option at all */
    public boolean isEmpty() {
        return template == null && tag == null && variables.isEmpty();
    }

    /** Collects {@link SendOptions}. */
    public static final class Builder {
        private MessageTemplate template;
        private String tag;
        private final Map<String, Object> variables = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sends a template instead of free text.
         *
         * @param value the template
         * @return this
         */
        public Builder template(MessageTemplate value) {
            this.template = Objects.requireNonNull(value, "template");
            return this;
        }

        /**
         * Tags the message, for a send outside the 24-hour window of Messenger or Instagram.
         *
         * @param value the tag, e.g. {@code ACCOUNT_UPDATE}
         * @return this
         */
        public Builder tag(String value) {
            this.tag = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /**
         * Adds variables for the provider.
         *
         * @param values plain JSON values by name
         * @return this
         */
        public Builder variables(Map<String, Object> values) {
            variables.putAll(values);
            return this;
        }

        /** @return the options */
        public SendOptions build() {
            return new SendOptions(this);
        }
    }
}
