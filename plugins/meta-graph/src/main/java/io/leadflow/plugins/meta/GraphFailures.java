package io.leadflow.plugins.meta;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.http.HttpResponse;
import java.util.Set;

/**
 * Turns a Graph API refusal into a {@link ChannelException} whose {@code retryable} flag and code
 * say what the kernel should do:
 * <ul>
 *   <li>rate limits (4, 17, 32, 613, 80007, 130429, 131048, 131056) and temporary errors (1, 2,
 *       131000, 131016, 133004, {@code is_transient}, HTTP 5xx): retryable;</li>
 *   <li>190 (the access token expired or was revoked): permanent, code {@code unauthorized}, which
 *       makes the kernel flag the credential;</li>
 *   <li>131047 (WhatsApp: more than 24 hours since the customer last wrote), 10/2018278
 *       (Messenger) and 10/2534022 (Instagram: outside the allowed window): permanent, code {@code outside_window}, with the
 *       hint to send a template or a tagged message;</li>
 *   <li>anything else: permanent, code {@code rejected}, with Meta's message.</li>
 * </ul>
 */
public final class GraphFailures {
    /** The code of an expired, revoked or wrong access token. */
    public static final int INVALID_TOKEN = 190;
    /** WhatsApp: re-engagement message, more than 24 hours since the customer's last message. */
    public static final int WHATSAPP_OUTSIDE_WINDOW = 131047;
    /** WhatsApp: the business number sends too fast. */
    public static final int WHATSAPP_THROUGHPUT = 130429;
    /** Messenger: the subcode (with code 10) of a message sent outside the allowed window. */
    public static final int MESSENGER_OUTSIDE_WINDOW = 2018278;
    /** Instagram: the subcode (with code 10) of a message sent outside the allowed window. */
    public static final int INSTAGRAM_OUTSIDE_WINDOW = 2534022;

    private static final Set<Integer> RATE_LIMITS = Set.of(4, 17, 32, 613, 80007, WHATSAPP_THROUGHPUT, 131048, 131056);
    private static final Set<Integer> TEMPORARY = Set.of(1, 2, 131000, 131016, 133004);
    private static final int MAX_MESSAGE_LENGTH = 300;

    private GraphFailures() {
    }

    /**
     * The failure an unsuccessful answer means.
     *
     * @param product what refused, for the message (e.g. {@code WhatsApp})
     * @param response the answer, not 2xx
     * @return the exception to fail the send with
     */
    public static ChannelException of(String product, HttpResponse response) {
        GraphError error = GraphError.of(Json.objectOrEmpty(response.body()));
        String explained = explanation(error, response) + (error.code() == 0 ? ""
                : " (Graph error " + error.code() + (error.subcode() == 0 ? "" : "/" + error.subcode())
                + (error.traceId() == null ? "" : ", fbtrace_id " + error.traceId()) + ")");
        int code = error.code();
        if (code == WHATSAPP_OUTSIDE_WINDOW) {
            return new ChannelException(product + " refused free text: more than 24 hours have passed since the "
                    + "lead's last message, so only an approved message template can be sent: " + explained, false,
                    "outside_window");
        }
        if (code == 10 && (error.subcode() == MESSENGER_OUTSIDE_WINDOW || error.subcode() == INSTAGRAM_OUTSIDE_WINDOW)) {
            return new ChannelException(product + " refused the message: it is outside the 24-hour window of the "
                    + "lead's last message, so only a tagged message can be sent: " + explained, false, "outside_window");
        }
        if (code == INVALID_TOKEN || response.status() == 401) {
            return new ChannelException(product + " refused the access token (expired, revoked or wrong); "
                    + "renew it in the credential: " + explained, false, "unauthorized");
        }
        if (RATE_LIMITS.contains(code) || response.status() == 429) {
            return new ChannelException(product + "'s rate limit was reached: " + explained, true, "rate_limited");
        }
        if (TEMPORARY.contains(code) || error.isTransient() || response.status() >= 500) {
            return new ChannelException(product + " failed (HTTP " + response.status() + "), a retry may succeed: "
                    + explained, true, "provider_error");
        }
        return new ChannelException(product + " refused the message with HTTP " + response.status() + ": " + explained,
                false, "rejected");
    }

    private static String explanation(GraphError error, HttpResponse response) {
        String text = error.message() != null ? error.message() : response.bodyText().strip();
        if (error.details() != null && !error.details().isBlank()) {
            text = text + " - " + error.details();
        }
        if (text.isEmpty()) {
            return "no explanation";
        }
        return text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
    }
}
