package io.leadflow.kernel.lead;

import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.crypto.Keyring;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation for lead PII: a new primary data key encrypts new writes at once, and a background
 * walk moves every older ciphertext of every lead, and of the messages to and from it, to it. The
 * walk goes in lead id order, one batch of leads (with their messages) per transaction; the batch
 * locks its job row, so its cursor and counts commit together with the rows it re-encrypted — a
 * kernel that stops mid-way (or crashes) loses nothing, and the next start continues from the cursor.
 * Several kernels may run the same job: the job row lock makes their batches take turns. Progress is
 * published on the {@code keys} topic and read from {@link #status()}.
 *
 * <p>Blind-index and prefix-token keys are not rotated here: they are HMAC keys (see
 * {@code BlindIndex}), they never decrypt anything, and rotating them would mean recomputing every
 * search token of every lead. A master-key rotation re-wraps their key.
 */
public final class LeadReencryption implements AutoCloseable {
    static final String TOPIC = "keys";
    private static final Logger LOG = LoggerFactory.getLogger(LeadReencryption.class);
    private static final String[] FIELDS = {"firstName", "lastName", "company", "emails", "phones", "customFields"};
    /** The encrypted fields of a message, as {@code MessageService} binds them: {@code message:<id>:<field>}. */
    private static final String[] MESSAGE_FIELDS = {"from", "to", "subject", "text", "html"};

    private final Store store;
    private final Keyring keyring;
    private final AuditLog audit;
    private final EventBus events;
    private final int batchSize;
    private final Duration pause;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lead-reencryption");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /** A job's row; also what the status endpoint shows. */
    public static final class Job {
        public long id;
        public String targetKeyId;
        public String status;
        public UUID cursorId;
        public long processed;
        public long reencrypted;
        public long total;
        public String error;
        public Instant startedAt;
        public Instant updatedAt;
        public Instant finishedAt;
    }

    /** The ciphertext columns of one lead. */
    static final class Ciphertexts {
        UUID id;
        String firstNameCt;
        String lastNameCt;
        String companyCt;
        String emailsCt;
        String phonesCt;
        String customFieldsCt;

        String get(int field) {
            return switch (field) {
                case 0 -> firstNameCt;
                case 1 -> lastNameCt;
                case 2 -> companyCt;
                case 3 -> emailsCt;
                case 4 -> phonesCt;
                default -> customFieldsCt;
            };
        }

        void set(int field, String value) {
            switch (field) {
                case 0 -> firstNameCt = value;
                case 1 -> lastNameCt = value;
                case 2 -> companyCt = value;
                case 3 -> emailsCt = value;
                case 4 -> phonesCt = value;
                default -> customFieldsCt = value;
            }
        }
    }

    /** SQL of the walk. */
    interface ReencryptionMapper {
        String JOB = "SELECT id, target_key_id, status, cursor_id, processed, reencrypted, total, error, started_at, "
                + "updated_at, finished_at FROM lead_reencryption";

        @Select(JOB + " ORDER BY id DESC LIMIT 1")
        Job latest();

        @Select(JOB + " WHERE status = 'running' ORDER BY id LIMIT 1")
        Job running();

        @Select(JOB + " WHERE id = #{id} FOR UPDATE")
        Job lockJob(@Param("id") long id);

        @Update("UPDATE lead_reencryption SET status = 'superseded', updated_at = clock_timestamp(), "
                + "finished_at = clock_timestamp() WHERE status = 'running'")
        int supersede();

        @Select("SELECT count(*) FROM lead")
        long countLeads();

        @Insert("INSERT INTO lead_reencryption (target_key_id, status, total) VALUES (#{targetKeyId}, 'running', #{total})")
        @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
        void insert(Job job);

        @Select("""
                <script>
                SELECT id, first_name_ct, last_name_ct, company_ct, emails_ct, phones_ct, custom_fields_ct
                FROM lead <if test="after != null">WHERE id &gt; #{after}</if>
                ORDER BY id LIMIT #{limit} FOR UPDATE
                </script>
                """)
        List<Ciphertexts> batch(@Param("after") UUID after, @Param("limit") int limit);

        @Update("""
                UPDATE lead SET first_name_ct = #{firstNameCt}, last_name_ct = #{lastNameCt}, company_ct = #{companyCt},
                       emails_ct = #{emailsCt}, phones_ct = #{phonesCt}, custom_fields_ct = #{customFieldsCt}
                WHERE id = #{id}
                """)
        void update(Ciphertexts row);

        /** The messages of the leads in {@code (after, last]}, the batch's range of lead ids. */
        @Select("""
                <script>
                SELECT id, lead_id AS "leadId", from_ct AS "from", to_ct AS "to", subject_ct AS "subject",
                       text_ct AS "text", html_ct AS "html"
                FROM message WHERE lead_id &lt;= #{last} <if test="after != null">AND lead_id &gt; #{after}</if>
                ORDER BY id FOR UPDATE
                </script>
                """)
        List<Map<String, Object>> messages(@Param("after") UUID after, @Param("last") UUID last);

        @Update("""
                UPDATE message SET from_ct = #{from,jdbcType=VARCHAR}, to_ct = #{to,jdbcType=VARCHAR},
                       subject_ct = #{subject,jdbcType=VARCHAR}, text_ct = #{text,jdbcType=VARCHAR},
                       html_ct = #{html,jdbcType=VARCHAR}
                WHERE id = #{id}
                """)
        void updateMessage(Map<String, Object> message);

        @Update("""
                UPDATE lead_reencryption SET cursor_id = #{cursor}, processed = processed + #{processed},
                       reencrypted = reencrypted + #{reencrypted}, updated_at = clock_timestamp(),
                       status = CASE WHEN #{done} THEN 'finished' ELSE status END,
                       finished_at = CASE WHEN #{done} THEN clock_timestamp() END
                WHERE id = #{id}
                """)
        void advance(@Param("id") long id, @Param("cursor") UUID cursor, @Param("processed") int processed,
                     @Param("reencrypted") int reencrypted, @Param("done") boolean done);

        @Update("UPDATE lead_reencryption SET status = 'failed', error = #{error}, updated_at = clock_timestamp(), "
                + "finished_at = clock_timestamp() WHERE id = #{id} AND status = 'running'")
        void fail(@Param("id") long id, @Param("error") String error);
    }

    /**
     * @param batchSize leads per transaction
     * @param pause rest between batches, so a large walk leaves room for the live traffic
     */
    public LeadReencryption(Store store, Keyring keyring, AuditLog audit, EventBus events, int batchSize,
                            Duration pause) {
        this.store = store.register(ReencryptionMapper.class);
        this.keyring = keyring;
        this.audit = audit;
        this.events = events;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    /** Continues a walk a previous kernel left unfinished, if any. */
    public void resume() {
        Job running = store.inTransaction(ReencryptionMapper.class, ReencryptionMapper::running);
        if (running != null) {
            LOG.info("Resuming the re-encryption of leads to key {} from lead {} ({} of {} done)",
                    running.targetKeyId, running.cursorId, running.processed, running.total);
            submit(running.id);
        }
    }

    /** Rotates: a new primary key for new writes at once, and a walk that moves the old rows to it. */
    Job rotate(Actor actor) {
        String keyId = keyring.rotate();
        Job job = store.inTransaction(ReencryptionMapper.class, mapper -> {
            mapper.supersede();
            Job created = new Job();
            created.targetKeyId = keyId;
            created.total = mapper.countLeads();
            mapper.insert(created);
            return mapper.lockJob(created.id);
        });
        audit.record(AuditEntry.of(actor, "keys.rotated", AuditEntry.SUCCESS, "data-key", keyId,
                Map.of("reencryptionJob", job.id, "leads", job.total)));
        events.publish(TOPIC, "key.rotated", Map.of("keyId", keyId, "job", job.id));
        submit(job.id);
        return job;
    }

    /** The latest walk, if any. */
    Optional<Job> status() {
        return Optional.ofNullable(store.inTransaction(ReencryptionMapper.class, ReencryptionMapper::latest));
    }

    private void submit(long jobId) {
        worker.execute(() -> walk(jobId));
    }

    private void walk(long jobId) {
        try {
            while (!closed) {
                Job after = store.inTransaction(session -> batch(session.getMapper(ReencryptionMapper.class), jobId));
                if (after == null || !"running".equals(after.status)) {
                    if (after != null) {
                        publish(after);
                        if ("finished".equals(after.status)) {
                            LOG.info("Re-encryption to key {} finished: {} leads, {} re-encrypted", after.targetKeyId,
                                    after.processed, after.reencrypted);
                        }
                    }
                    return;
                }
                publish(after);
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (closed) {
                return; // the pool closed under us at shutdown; the cursor is committed, resume() continues
            }
            LOG.error("Re-encryption job {} failed", jobId, e);
            store.inTransaction(ReencryptionMapper.class, mapper -> {
                mapper.fail(jobId, e.getClass().getSimpleName() + ": " + e.getMessage());
                return null;
            });
            status().ifPresent(this::publish);
        }
    }

    /** One batch in the caller's transaction; returns the job as it stands after it. */
    private Job batch(ReencryptionMapper mapper, long jobId) {
        Job job = mapper.lockJob(jobId);
        if (job == null || !"running".equals(job.status)) {
            return job;
        }
        List<Ciphertexts> rows = mapper.batch(job.cursorId, batchSize);
        java.util.Set<UUID> reencrypted = new java.util.HashSet<>();
        for (Ciphertexts row : rows) {
            boolean changed = false;
            for (int field = 0; field < FIELDS.length; field++) {
                String ciphertext = row.get(field);
                if (ciphertext != null && !keyring.isPrimary(ciphertext)) {
                    row.set(field, reencrypt(ciphertext, "lead:" + row.id + ":" + FIELDS[field]));
                    changed = true;
                }
            }
            if (changed) {
                mapper.update(row);
                reencrypted.add(row.id);
            }
        }
        if (!rows.isEmpty()) {
            for (Map<String, Object> message : mapper.messages(job.cursorId, rows.get(rows.size() - 1).id)) {
                if (reencryptMessage(message)) {
                    mapper.updateMessage(message);
                    reencrypted.add((UUID) message.get("leadId"));
                }
            }
        }
        UUID cursor = rows.isEmpty() ? job.cursorId : rows.get(rows.size() - 1).id;
        mapper.advance(jobId, cursor, rows.size(), reencrypted.size(), rows.size() < batchSize);
        return mapper.lockJob(jobId);
    }

    /** Moves the message's fields that another key wrote to the primary key; whether any moved. */
    private boolean reencryptMessage(Map<String, Object> message) {
        boolean changed = false;
        for (String field : MESSAGE_FIELDS) {
            String ciphertext = (String) message.get(field);
            if (ciphertext != null && !keyring.isPrimary(ciphertext)) {
                message.put(field, reencrypt(ciphertext, "message:" + message.get("id") + ":" + field));
                changed = true;
            }
        }
        return changed;
    }

    private String reencrypt(String ciphertext, String context) {
        return keyring.encrypt(keyring.decrypt(ciphertext, context), context);
    }

    private void publish(Job job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", job.id);
        data.put("keyId", job.targetKeyId);
        data.put("status", job.status);
        data.put("processed", job.processed);
        data.put("reencrypted", job.reencrypted);
        data.put("total", job.total);
        events.publish(TOPIC, "reencryption.progress", data);
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
