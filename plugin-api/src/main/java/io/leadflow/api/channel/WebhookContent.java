package io.leadflow.api.channel;

import io.leadflow.api.trigger.WebhookOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one verified provider webhook carried: messages from leads, delivery reports on messages
 * sent before, call reports, and, for a request that asks a question rather than delivers (Meta's
 * subscription check {@code GET ?hub.challenge=...}), the exact answer to give. An authentic ping
 * carries nothing.
 *
 * <p>Immutable; build one with {@link #builder()} or a factory. Since channel package version 1.1.
 */
public final class WebhookContent {
    private static final WebhookContent NONE = builder().build();

    private final List<InboundMessage> messages;
    private final List<DeliveryReport> reports;
    private final List<CallReport> calls;
    private final WebhookOutcome.Reply reply;

    private WebhookContent(Builder builder) {
        this.messages = List.copyOf(builder.messages);
        this.reports = List.copyOf(builder.reports);
        this.calls = List.copyOf(builder.calls);
        this.reply = builder.reply;
    }

    /** @return a builder of an empty content */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A webhook that carried one inbound message.
     *
     * @param message the message
     * @return the content
     */
    public static WebhookContent of(InboundMessage message) {
        return builder().message(message).build();
    }

    /**
     * A webhook that carried delivery reports only.
     *
     * @param reports the reports
     * @return the content
     */
    public static WebhookContent of(List<DeliveryReport> reports) {
        return builder().reports(reports).build();
    }

    /**
     * A request answered exactly so, e.g. a subscription check answered with its challenge, or
     * refused with 403. Nothing is recorded.
     *
     * @param status the HTTP status
     * @param contentType the Content-Type of {@code body}
     * @param body the body
     * @return the content
     */
    public static WebhookContent reply(int status, String contentType, String body) {
        return builder().reply(new WebhookOutcome.Reply(status, contentType, body)).build();
    }

    /** @return an authentic webhook that carried nothing to record */
    public static WebhookContent none() {
        return NONE;
    }

    /** @return the inbound messages, in the provider's order, possibly none */
    public List<InboundMessage> messages() {
        return messages;
    }

    /** @return the delivery reports, possibly none */
    public List<DeliveryReport> reports() {
        return reports;
    }

    /** @return the call reports, possibly none */
    public List<CallReport> calls() {
        return calls;
    }

    /** @return the answer to give instead of the kernel's usual one, if the channel chose it */
    public Optional<WebhookOutcome.Reply> reply() {
        return Optional.ofNullable(reply);
    }

    /** Collects the parts of a {@link WebhookContent}. */
    public static final class Builder {
        private final List<InboundMessage> messages = new ArrayList<>();
        private final List<DeliveryReport> reports = new ArrayList<>();
        private final List<CallReport> calls = new ArrayList<>();
        private WebhookOutcome.Reply reply;

        private Builder() {
        }

        /**
         * Adds an inbound message.
         *
         * @param message the message
         * @return this
         */
        public Builder message(InboundMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /**
         * Adds delivery reports.
         *
         * @param more the reports
         * @return this
         */
        public Builder reports(List<DeliveryReport> more) {
            more.forEach(report -> reports.add(Objects.requireNonNull(report, "report")));
            return this;
        }

        /**
         * Adds a delivery report.
         *
         * @param report the report
         * @return this
         */
        public Builder report(DeliveryReport report) {
            reports.add(Objects.requireNonNull(report, "report"));
            return this;
        }

        /**
         * Adds a call report.
         *
         * @param call the report
         * @return this
         */
        public Builder call(CallReport call) {
            calls.add(Objects.requireNonNull(call, "call"));
            return this;
        }

        /**
         * Sets the exact answer to give.
         *
         * @param answer the answer
         * @return this
         */
        public Builder reply(WebhookOutcome.Reply answer) {
            this.reply = Objects.requireNonNull(answer, "reply");
            return this;
        }

        /** @return the content */
        public WebhookContent build() {
            return new WebhookContent(this);
        }
    }
}
