package io.leadflow.plugins.vapi;

import java.util.Locale;

/**
 * VAPI's {@code endedReason} as one of the outcomes a workflow routes on: {@code no-answer},
 * {@code busy}, {@code voicemail}, {@code failed} (the call or the assistant broke), else
 * {@code answered} (someone talked, whoever hung up).
 */
final class CallOutcomes {
    private CallOutcomes() {
    }

    static String of(String endedReason) {
        if (endedReason == null || endedReason.isBlank()) {
            return "failed";
        }
        String reason = endedReason.trim().toLowerCase(Locale.ROOT);
        if (reason.equals("customer-did-not-answer")) {
            return "no-answer";
        }
        if (reason.equals("customer-busy")) {
            return "busy";
        }
        if (reason.equals("voicemail")) {
            return "voicemail";
        }
        if (reason.contains("error") || reason.contains("failed") || reason.contains("fault")
                || reason.startsWith("call.start") || reason.startsWith("pipeline-") || reason.startsWith("twilio-")
                || reason.startsWith("vonage-")) {
            return "failed";
        }
        return "answered";
    }
}
