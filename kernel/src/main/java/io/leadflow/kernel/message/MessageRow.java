package io.leadflow.kernel.message;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code message}, its personal data still encrypted. */
final class MessageRow {
    UUID id;
    UUID leadId;
    String direction;
    String medium;
    String channelId;
    String providerMessageId;
    String status;
    String error;
    String fromCt;
    String toCt;
    String subjectCt;
    String textCt;
    String htmlCt;
    byte[] fromIndex;
    String idempotencyKey;
    UUID executionId;
    Instant createdAt;
    Instant occurredAt;
    String deliveryStatus;
    String deliveryError;
    Instant deliveryAt;
    String callOutcome;
    String callEndedReason;
    String transcriptCt;
    String summaryCt;
    String callDataCt;
    java.math.BigDecimal callCost;
    Instant callStartedAt;
    Instant callEndedAt;
}
