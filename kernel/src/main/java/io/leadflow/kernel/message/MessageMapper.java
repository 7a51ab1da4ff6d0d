package io.leadflow.kernel.message;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of stored messages. */
interface MessageMapper {
    String COLUMNS = "id, lead_id, direction, medium, channel_id, provider_message_id, status, error, from_ct, to_ct, "
            + "subject_ct, text_ct, html_ct, from_index, idempotency_key, execution_id, created_at, occurred_at, "
            + "delivery_status, delivery_error, delivery_at, call_outcome, call_ended_reason, transcript_ct, summary_ct, "
            + "call_data_ct, call_cost, call_started_at, call_ended_at";

    /** Stores an inbound message; 0 when the provider redelivered one already stored. */
    @Insert("""
            INSERT INTO message (id, lead_id, direction, medium, channel_id, provider_message_id, status, from_ct, to_ct,
                                 text_ct, from_index, occurred_at)
            VALUES (#{id}, #{leadId}, 'inbound', #{medium}, #{channelId}, #{providerMessageId}, 'received', #{fromCt},
                    #{toCt}, #{textCt}, #{fromIndex}, #{occurredAt})
            ON CONFLICT (channel_id, provider_message_id)
                WHERE direction = 'inbound' AND provider_message_id IS NOT NULL DO NOTHING
            """)
    int insertInbound(MessageRow row);

    @Select("SELECT " + COLUMNS + " FROM message WHERE channel_id = #{channelId} AND provider_message_id = #{providerMessageId}"
            + " AND direction = 'inbound'")
    MessageRow findInbound(@Param("channelId") String channelId, @Param("providerMessageId") String providerMessageId);

    /** Stores an outbound message, or records the outcome of a later attempt with the same idempotency key. */
    @Insert("""
            INSERT INTO message (id, lead_id, direction, medium, channel_id, provider_message_id, status, error, to_ct,
                                 subject_ct, text_ct, html_ct, idempotency_key, execution_id, occurred_at)
            VALUES (#{id}, #{leadId}, 'outbound', #{medium}, #{channelId}, #{providerMessageId}, #{status}, #{error},
                    #{toCt}, #{subjectCt}, #{textCt}, #{htmlCt}, #{idempotencyKey}, #{executionId}, #{occurredAt})
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO UPDATE
               SET provider_message_id = EXCLUDED.provider_message_id, status = EXCLUDED.status,
                   error = EXCLUDED.error, occurred_at = EXCLUDED.occurred_at
             WHERE message.status <> 'sent'
            """)
    int upsertOutbound(MessageRow row);

    @Select("SELECT " + COLUMNS + " FROM message WHERE idempotency_key = #{key}")
    MessageRow findByIdempotencyKey(@Param("key") String key);

    /** The lead of the latest inbound message from this sender (blind index). */
    @Select("""
            SELECT m.lead_id FROM message m JOIN lead l ON l.id = m.lead_id AND l.deleted_at IS NULL
            WHERE m.from_index = #{fromIndex} ORDER BY m.created_at DESC LIMIT 1
            """)
    UUID leadOfSender(@Param("fromIndex") byte[] fromIndex);

    /** The latest inbound message of a lead on a medium: its sender is the lead's address there. */
    @Select("SELECT " + COLUMNS + " FROM message WHERE lead_id = #{leadId} AND medium = #{medium}"
            + " AND direction = 'inbound' AND from_ct IS NOT NULL ORDER BY created_at DESC LIMIT 1")
    MessageRow latestInbound(@Param("leadId") UUID leadId, @Param("medium") String medium);

    /** The lead's latest message to us, on any channel. */
    @Select("SELECT " + COLUMNS + " FROM message WHERE lead_id = #{leadId} AND direction = 'inbound'"
            + " ORDER BY occurred_at DESC, created_at DESC LIMIT 1")
    MessageRow latestInboundOfLead(@Param("leadId") UUID leadId);

    /** When the lead last wrote on a medium (the provider's time), or null: the start of Meta's 24-hour window. */
    @Select("SELECT max(occurred_at) FROM message WHERE lead_id = #{leadId} AND medium = #{medium} AND direction = 'inbound'")
    java.time.Instant lastInboundAt(@Param("leadId") UUID leadId, @Param("medium") String medium);

    @Select("SELECT " + COLUMNS + " FROM message WHERE lead_id = #{leadId} ORDER BY created_at DESC, id DESC LIMIT #{limit}")
    List<MessageRow> ofLead(@Param("leadId") UUID leadId, @Param("limit") int limit);

    /** Records a provider's delivery report on the outbound message it names; 0 if none, or not further along. */
    @Update("""
            UPDATE message SET delivery_status = #{status}, delivery_error = #{error}, delivery_at = #{at}
            WHERE direction = 'outbound' AND channel_id = #{channelId} AND provider_message_id = #{providerMessageId}
              AND (delivery_status IS NULL OR """ + "(" + DELIVERY_RANK_NEW + ") > (" + DELIVERY_RANK_OLD + "))")
    int applyDelivery(@Param("channelId") String channelId, @Param("providerMessageId") String providerMessageId,
                      @Param("status") String status, @Param("error") String error, @Param("at") java.time.Instant at);

    /** The outbound message a provider id names on a channel (a call's row for its end-of-call report). */
    @Select("SELECT " + COLUMNS + " FROM message WHERE direction = 'outbound' AND channel_id = #{channelId}"
            + " AND provider_message_id = #{providerMessageId} ORDER BY created_at DESC LIMIT 1")
    MessageRow findOutbound(@Param("channelId") String channelId, @Param("providerMessageId") String providerMessageId);

    /** Records how a call ended, once: 0 when a report was recorded before (the provider sent it twice). */
    @Update("""
            UPDATE message SET call_outcome = #{callOutcome}, call_ended_reason = #{callEndedReason},
                   transcript_ct = #{transcriptCt}, summary_ct = #{summaryCt}, call_data_ct = #{callDataCt},
                   call_cost = #{callCost}, call_started_at = #{callStartedAt}, call_ended_at = #{callEndedAt}
            WHERE id = #{id} AND call_outcome IS NULL
            """)
    int applyCall(MessageRow row);

    /** The rank of the reported status: a report never moves a message back (a sent after delivered). */
    String DELIVERY_RANK_NEW = "CASE CAST(#{status} AS text) WHEN 'queued' THEN 1 WHEN 'sending' THEN 2 WHEN 'sent' THEN 3"
            + " WHEN 'delivered' THEN 4 WHEN 'undelivered' THEN 4 WHEN 'failed' THEN 4 WHEN 'read' THEN 5"
            + " WHEN 'ringing' THEN 2 WHEN 'in-progress' THEN 3 WHEN 'forwarding' THEN 3 WHEN 'ended' THEN 6 ELSE 0 END";

    /** The rank of the stored status. */
    String DELIVERY_RANK_OLD = "CASE delivery_status WHEN 'queued' THEN 1 WHEN 'sending' THEN 2 WHEN 'sent' THEN 3"
            + " WHEN 'delivered' THEN 4 WHEN 'undelivered' THEN 4 WHEN 'failed' THEN 4 WHEN 'read' THEN 5"
            + " WHEN 'ringing' THEN 2 WHEN 'in-progress' THEN 3 WHEN 'forwarding' THEN 3 WHEN 'ended' THEN 6 ELSE 0 END";

    /** Erasure: the lead's messages keep their metadata, lose every personal value. */
    @Update("""
            UPDATE message SET from_ct = NULL, to_ct = NULL, subject_ct = NULL, text_ct = NULL, html_ct = NULL,
                   from_index = NULL, transcript_ct = NULL, summary_ct = NULL, call_data_ct = NULL
            WHERE lead_id = #{leadId}
            """)
    int scrub(@Param("leadId") UUID leadId);
}
