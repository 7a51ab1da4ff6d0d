package io.leadflow.kernel.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.audit.AuditRow;
import io.leadflow.kernel.crypto.BlindIndex;
import io.leadflow.kernel.crypto.Keyring;
import io.leadflow.kernel.event.KernelEvents;
import io.leadflow.kernel.http.InstantParameter;
import io.leadflow.kernel.http.KeysetCursor;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import io.leadflow.api.trigger.KernelEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.LoggerFactory;

/**
 * Leads: stored encrypted, found through blind indexes, every access audited, every change
 * announced on the {@code leads} topic by id only.
 *
 * <p><b>Dedupe.</b> Creating a lead whose normalised email or phone belongs to a live lead merges
 * the request into that lead (the oldest one, if several match; other matches are left alone):
 * <ul>
 *   <li>scalars (names, company, source, owner, status): the existing non-empty value wins, unless
 *       the request says {@code "merge":"overwrite"}, when the request's non-empty values win;</li>
 *   <li>emails, phones and tags: the union, the existing ones first;</li>
 *   <li>custom fields: key by key, like scalars;</li>
 *   <li>consent: per channel, the one with the latest {@code at}.</li>
 * </ul>
 * Creates and contact changes sharing an email or phone take the same transaction-scoped advisory
 * lock, so two concurrent creates of one person cannot both miss each other.
 *
 * <p>A patch may not give a lead an email or phone another live lead has (409): merging two
 * existing leads is a separate, later operation.
 *
 * <p><b>Kernel events</b> (for event triggers), published after the commit, data always with
 * {@code leadId}: {@code lead.created}; {@code lead.updated} with {@code fields}, the names of the
 * fields that changed (a merge that changed nothing publishes none); {@code lead.tag-added} with
 * {@code tag}, once per tag the lead did not have before (a lead created with tags included).
 */
public final class LeadService {
    static final String TARGET = "lead";
    static final String TOPIC = "leads";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Consent>> CONSENT = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final Store store;
    private final Keyring box;
    private final SearchTokens tokens;
    private final ContactNormalizer contacts;
    private final AuditLog audit;
    private final EventBus events;
    private final KernelEvents kernelEvents;
    private final ObjectMapper json;
    private final LeadPiiScrubber scrubber;
    private final ExecutionCanceller executions;
    /** The lead's messages for its export; set once the message store, which needs this one, exists. */
    private volatile java.util.function.Function<UUID, List<Map<String, Object>>> messageSource;

    /**
     * @param defaultPhoneRegion ISO 3166 region national phone numbers are read in, e.g. {@code US}
     * @param executions stops a workflow execution, for erasure
     */
    public LeadService(Store store, Keyring box, BlindIndex blindIndex, AuditLog audit, EventBus events,
                       KernelEvents kernelEvents, ObjectMapper json, String defaultPhoneRegion,
                       ExecutionCanceller executions) {
        this.store = store.register(LeadMapper.class).register(LeadPiiScrubber.ScrubMapper.class)
                .register(LeadExportMapper.class);
        this.scrubber = new LeadPiiScrubber(json);
        this.executions = executions;
        this.box = box;
        this.tokens = new SearchTokens(blindIndex);
        this.contacts = new ContactNormalizer(defaultPhoneRegion);
        this.audit = audit;
        this.events = events;
        this.kernelEvents = kernelEvents;
        this.json = json;
    }

    /** What a create did: made a new lead, or merged into an existing one. */
    record Created(LeadView lead, boolean merged) {
    }

    /** The answer to a list call: a page newest first, and the cursor of the next page if any. */
    public record LeadPage(List<LeadView> items, String next) {
    }

    /** Filters of a list call, as the caller wrote them; validated here. */
    record LeadQuery(String q, String email, String phone, List<String> tags, String status, String source,
                     String owner, String createdAfter, String createdBefore, Integer limit, String after) {
    }

    Created create(Actor actor, JsonNode body) {
        LeadRequest request = LeadRequest.parse(body, true, contacts, json, Instant.now());
        Outcome outcome = store.inTransaction(session -> createIn(session, actor, request));
        announce(outcome);
        Created created = outcome.created();
        return new Created(created.lead().withMerged(created.merged()), created.merged());
    }

    /** What a create changed, for the live and kernel events published after its commit. */
    private record Outcome(Created created, List<String> changedFields, List<String> addedTags) {
    }

    private void announce(Outcome outcome) {
        UUID id = outcome.created().lead().id();
        if (!outcome.created().merged()) {
            events.publish(TOPIC, "lead.created", Map.of("id", id.toString()));
            publishKernelEvent("lead.created", id, Map.of());
        } else {
            events.publish(TOPIC, "lead.updated", Map.of("id", id.toString()));
            publishUpdated(id, outcome.changedFields());
        }
        outcome.addedTags().forEach(tag -> publishKernelEvent("lead.tag-added", id, Map.of("tag", tag)));
    }

    private Outcome createIn(SqlSession session, Actor actor, LeadRequest request) {
        List<SearchTokens.Token> contactTokens = contactTokens(request.emails, request.phones);
        LeadMapper mapper = session.getMapper(LeadMapper.class);
        requireOwner(mapper, request.owner);
        lock(mapper, contactTokens);
        UUID match = contactTokens.isEmpty() ? null : mapper.findByTokens(contactTokens, null);
        if (match == null) {
            LeadData lead = newLead(UUID.randomUUID(), request, null);
            mapper.insert(toRow(lead));
            replaceTokens(mapper, null, lead);
            LeadView view = view(mapper, lead.id());
            // the audit row last: it holds the chain's tail lock until commit (see AuditLog)
            audit.record(session, entry(actor, "lead.created", lead.id(), Map.of("fields", request.fieldNames())));
            return new Outcome(new Created(view, false), List.of(), List.copyOf(lead.tags()));
        }
        Merge merge = mergeInto(mapper, actor, request, match);
        audit.record(session, merge.audit());
        return merge.outcome();
    }

    private static LeadData newLead(UUID id, LeadRequest request, Instant createdAt) {
        return new LeadData(id, request.firstName, request.lastName, request.company,
                request.emails, request.phones, request.source, request.status == null ? "new" : request.status,
                request.tags, request.owner, request.customFields, request.consent, createdAt, createdAt);
    }

    /** A merge done, and its audit entry, not yet written. */
    private record Merge(Outcome outcome, AuditEntry audit) {
    }

    private Merge mergeInto(LeadMapper mapper, Actor actor, LeadRequest request, UUID match) {
        LeadData existing = toData(mapper.lock(match));
        LeadData merged = merge(existing, request);
        List<String> changed = changedFields(existing, merged);
        if (!changed.isEmpty()) {
            mapper.update(toRow(merged));
            replaceTokens(mapper, existing, merged);
        }
        LeadView view = view(mapper, match);
        return new Merge(new Outcome(new Created(view, true), changed, added(existing.tags(), merged.tags())),
                entry(actor, "lead.merged", match, Map.of("fields", changed, "mode", request.merge)));
    }

    /** What became of one body of {@link #createBatch}: a lead created or merged into, or why it was refused. */
    record BatchResult(UUID leadId, boolean merged, RuntimeException error) {
    }

    /**
     * Creates (or merges) each body exactly as {@code POST /api/v1/leads} would, in order, but many
     * in one transaction: contact locks taken together, one dedupe lookup for the batch, leads and
     * tokens written by a few array inserts, and the batch's audit rows appended together last.
     * A body that fails validation (or names an unknown owner) is refused before anything is
     * written and the rest go on. Should the batch's transaction fail anyway, nothing of it stays and
     * each body is retried in a transaction of its own, so every body ends up applied whole or
     * refused with its reason. Results are in the order of the bodies.
     */
    List<BatchResult> createBatch(Actor actor, List<JsonNode> bodies) {
        BatchResult[] results = new BatchResult[bodies.size()];
        List<Pending> pending = new ArrayList<>(bodies.size());
        Instant now = Instant.now();
        for (int i = 0; i < bodies.size(); i++) {
            try {
                pending.add(new Pending(i, LeadRequest.parse(bodies.get(i), true, contacts, json, now)));
            } catch (ProblemException e) {
                results[i] = new BatchResult(null, false, e);
            }
        }
        Set<UUID> owners = new LinkedHashSet<>();
        pending.forEach(one -> {
            if (one.request().owner != null) {
                owners.add(one.request().owner);
            }
        });
        if (!owners.isEmpty()) {
            Set<UUID> known = new java.util.HashSet<>(store.inTransaction(LeadMapper.class,
                    mapper -> mapper.existingUsers(owners)));
            pending.removeIf(one -> {
                if (one.request().owner != null && !known.contains(one.request().owner)) {
                    results[one.index()] = new BatchResult(null, false,
                            ProblemException.invalidField("/owner", "owner must be the id of an existing user"));
                    return true;
                }
                return false;
            });
        }
        List<Outcome> outcomes;
        try {
            outcomes = pending.isEmpty() ? List.of()
                    : store.inTransaction(session -> createBatchIn(session, actor, pending));
        } catch (RuntimeException batchFailed) {
            outcomes = null;
        }
        if (outcomes != null) {
            for (int i = 0; i < pending.size(); i++) {
                Created created = outcomes.get(i).created();
                results[pending.get(i).index()] = new BatchResult(created.lead().id(), created.merged(), null);
                announce(outcomes.get(i));
            }
        } else {
            for (Pending one : pending) {
                try {
                    Created created = create(actor, bodies.get(one.index()));
                    results[one.index()] = new BatchResult(created.lead().id(), created.merged(), null);
                } catch (RuntimeException e) {
                    results[one.index()] = new BatchResult(null, false, e);
                }
            }
        }
        return List.of(results);
    }

    /** A valid body of a batch: its place among the bodies, and its request. */
    private record Pending(int index, LeadRequest request) {
    }

    private List<Outcome> createBatchIn(SqlSession session, Actor actor, List<Pending> pending) {
        LeadMapper mapper = session.getMapper(LeadMapper.class);
        List<List<SearchTokens.Token>> contactsOf = new ArrayList<>(pending.size());
        Set<SearchTokens.Token> allContacts = new LinkedHashSet<>();
        for (Pending one : pending) {
            List<SearchTokens.Token> own = contactTokens(one.request().emails, one.request().phones);
            contactsOf.add(own);
            allContacts.addAll(own);
        }
        lockAll(session, mapper, allContacts);
        // the lead each contact belongs to, and each lead's age rank: a body merges into the oldest
        Map<SearchTokens.Token, UUID> owner = new java.util.HashMap<>();
        Map<UUID, Integer> rank = new java.util.HashMap<>();
        if (!allContacts.isEmpty()) {
            List<String> kinds = new ArrayList<>(allContacts.size());
            List<String> values = new ArrayList<>(allContacts.size());
            allContacts.forEach(token -> {
                kinds.add(token.kind());
                values.add(java.util.HexFormat.of().formatHex(token.token()));
            });
            java.sql.Connection connection = session.getConnection();
            for (LeadMapper.TokenMatch found : mapper.findAllByTokens(LeadBatchArrays.text(connection, kinds),
                    LeadBatchArrays.text(connection, values))) {
                owner.putIfAbsent(new SearchTokens.Token(found.kind, found.token), found.leadId);
                rank.putIfAbsent(found.leadId, rank.size());
            }
        }
        List<Outcome> outcomes = new ArrayList<>(pending.size());
        List<AuditEntry> audits = new ArrayList<>(pending.size());
        List<LeadData> unwritten = new ArrayList<>();
        Instant last = Instant.EPOCH;
        for (int i = 0; i < pending.size(); i++) {
            LeadRequest request = pending.get(i).request();
            UUID match = null;
            for (SearchTokens.Token token : contactsOf.get(i)) {
                UUID candidate = owner.get(token);
                if (candidate != null && (match == null || rank.get(candidate) < rank.get(match))) {
                    match = candidate;
                }
            }
            if (match == null) {
                // strictly increasing within the batch, so the leads list newest first in body order
                Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                last = at.isAfter(last) ? at : last.plusNanos(1000);
                LeadData lead = newLead(UUID.randomUUID(), request, last);
                unwritten.add(lead);
                rank.put(lead.id(), rank.size());
                for (SearchTokens.Token token : contactsOf.get(i)) {
                    owner.putIfAbsent(token, lead.id());
                }
                audits.add(entry(actor, "lead.created", lead.id(), Map.of("fields", request.fieldNames())));
                outcomes.add(new Outcome(new Created(LeadView.of(lead), false), List.of(), List.copyOf(lead.tags())));
            } else {
                writeAll(session, mapper, unwritten);
                unwritten.clear();
                Merge merge = mergeInto(mapper, actor, request, match);
                for (SearchTokens.Token token : contactsOf.get(i)) {
                    owner.putIfAbsent(token, match);
                }
                audits.add(merge.audit());
                outcomes.add(merge.outcome());
            }
        }
        writeAll(session, mapper, unwritten);
        // the audit rows last: they hold the chain's tail lock until commit (see AuditLog)
        audit.recordAll(session, audits);
        return outcomes;
    }

    /** Writes new leads of a batch with their contact and word tokens: three statements. */
    private void writeAll(SqlSession session, LeadMapper mapper, List<LeadData> leads) {
        if (leads.isEmpty()) {
            return;
        }
        LeadBatchArrays arrays = new LeadBatchArrays();
        int n = leads.size();
        String[][] lead = new String[13][n];
        List<String> tokenLeads = new ArrayList<>();
        List<String> tokenKinds = new ArrayList<>();
        List<String> tokenValues = new ArrayList<>();
        List<String> tokenDates = new ArrayList<>();
        List<Long> words = new ArrayList<>();
        List<Long> wordLeads = new ArrayList<>();
        java.util.HexFormat hex = java.util.HexFormat.of();
        for (int i = 0; i < n; i++) {
            LeadData data = leads.get(i);
            LeadRow row = toRow(data);
            String at = data.createdAt().toString();
            String[] values = {row.id.toString(), row.firstNameCt, row.lastNameCt, row.companyCt, row.emailsCt,
                row.phonesCt, row.customFieldsCt, row.consentJson, row.source, row.status,
                LeadBatchArrays.textArray(data.tags()), row.ownerId == null ? null : row.ownerId.toString(), at};
            for (int c = 0; c < values.length; c++) {
                lead[c][i] = values[c];
            }
            for (SearchTokens.Token token : tokens.contacts(data)) {
                tokenLeads.add(values[0]);
                tokenKinds.add(token.kind());
                tokenValues.add(hex.formatHex(token.token()));
                tokenDates.add(at);
            }
            for (Long word : tokens.words(data)) {
                words.add(word);
                wordLeads.add((long) i + 1);
            }
        }
        java.sql.Connection connection = session.getConnection();
        arrays.fill(connection, lead);
        mapper.insertAll(arrays);
        if (!tokenLeads.isEmpty()) {
            mapper.insertAllTokens(LeadBatchArrays.text(connection, tokenLeads),
                    LeadBatchArrays.text(connection, tokenKinds), LeadBatchArrays.text(connection, tokenValues),
                    LeadBatchArrays.text(connection, tokenDates));
        }
        if (!words.isEmpty()) {
            mapper.insertAllWords(LeadBatchArrays.bigint(connection, words), LeadBatchArrays.bigint(connection, wordLeads),
                    arrays.ids, arrays.createdAts, arrays.statuses, arrays.tags);
        }
    }

    /** Where the export finds a lead's messages (the message store is built after this service). */
    public void exportMessagesFrom(java.util.function.Function<UUID, List<Map<String, Object>>> source) {
        this.messageSource = source;
    }

    /** The live lead, audited as read by {@code actor}; 404 problem when there is none. */
    public LeadView get(Actor actor, UUID id) {
        return store.inTransaction(session -> {
            LeadView lead = view(session.getMapper(LeadMapper.class), id);
            audit.record(session, entry(actor, "lead.read", id, Map.of()));
            return lead;
        });
    }

    LeadView update(Actor actor, UUID id, JsonNode body) {
        LeadRequest request = LeadRequest.parse(body, false, contacts, json, Instant.now());
        record Outcome(LeadView lead, List<String> changed, List<String> addedTags) {
        }
        Outcome outcome = store.inTransaction(session -> {
            LeadMapper mapper = session.getMapper(LeadMapper.class);
            LeadRow row = mapper.lock(id);
            if (row == null) {
                throw ProblemException.notFound(TARGET, id.toString());
            }
            LeadData existing = toData(row);
            LeadData patched = apply(existing, request);
            requireOwner(mapper, request.has("owner") ? patched.owner() : null);
            List<SearchTokens.Token> newContacts = new ArrayList<>();
            List<String> pointers = new ArrayList<>();
            for (int i = 0; i < patched.emails().size(); i++) {
                if (!existing.emails().contains(patched.emails().get(i))) {
                    newContacts.add(new SearchTokens.Token(SearchTokens.EMAIL, tokens.email(patched.emails().get(i))));
                    pointers.add("/emails/" + i);
                }
            }
            for (int i = 0; i < patched.phones().size(); i++) {
                if (!existing.phones().contains(patched.phones().get(i))) {
                    newContacts.add(new SearchTokens.Token(SearchTokens.PHONE, tokens.phone(patched.phones().get(i))));
                    pointers.add("/phones/" + i);
                }
            }
            lock(mapper, newContacts);
            for (int i = 0; i < newContacts.size(); i++) {
                if (mapper.findByTokens(List.of(newContacts.get(i)), id) != null) {
                    throw ProblemException.conflict("another lead already has this "
                            + (pointers.get(i).startsWith("/emails") ? "email address" : "phone number")
                            + "; leads are unique by email and phone").with("pointer", pointers.get(i));
                }
            }
            List<String> changed = changedFields(existing, patched);
            if (!changed.isEmpty()) {
                mapper.update(toRow(patched));
                replaceTokens(mapper, existing, patched);
            }
            LeadView view = view(mapper, id);
            audit.record(session, entry(actor, "lead.updated", id, Map.of("fields", changed)));
            return new Outcome(view, changed, added(existing.tags(), patched.tags()));
        });
        if (!outcome.changed().isEmpty()) {
            events.publish(TOPIC, "lead.updated", Map.of("id", id.toString()));
            publishUpdated(id, outcome.changed());
        }
        outcome.addedTags().forEach(tag -> publishKernelEvent("lead.tag-added", id, Map.of("tag", tag)));
        return outcome.lead();
    }

    /**
     * The live lead with this email or phone (either may be null; with both null, always a new
     * lead), left unchanged; or a new lead with it and {@code source} when there is none. The create
     * dedupes under the contact lock, so two concurrent first messages make one lead.
     */
    public LeadView findOrCreateByContact(Actor actor, String email, String phone, String source) {
        if (email != null || phone != null) {
            List<LeadView> found = list(actor, new LeadQuery(null, email, phone, null, null, null, null, null, null, 1,
                    null)).items();
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        var body = json.createObjectNode();
        if (email != null) {
            body.putArray("emails").add(email);
        }
        if (phone != null) {
            body.putArray("phones").add(phone);
        }
        body.put("source", source);
        return create(actor, body).lead();
    }

    /** Records the lead's consent on one channel ({@link Consent#CHANNELS}), audited as an update. */
    public LeadView setConsent(Actor actor, UUID id, String channel, Consent consent) {
        var body = json.createObjectNode();
        var given = body.putObject("consent").putObject(channel);
        given.put("state", consent.state());
        given.put("at", consent.at().toString());
        given.put("source", consent.source());
        return update(actor, id, body);
    }

    /**
     * Erases the lead's personal data: its ciphertexts, consent and search tokens. An anonymous
     * tombstone (status, source, tags, owner, dates) stays for statistics and the audit trail. The
     * executions that carried the lead (see {@link LeadPiiScrubber}) are stopped if still running
     * or waiting, and the lead's emails, phones and names are scrubbed from their stored data, in
     * the transaction that erases the lead.
     */
    void delete(Actor actor, UUID id) {
        List<UUID> carriers = store.inTransaction(session -> {
            LeadRow row = session.getMapper(LeadMapper.class).find(id);
            if (row == null) {
                throw ProblemException.notFound(TARGET, id.toString());
            }
            return scrubber.executionsOf(session, id, LeadPiiScrubber.Pii.of(toData(row)));
        });
        List<String> canceled = new ArrayList<>();
        for (UUID execution : store.inTransaction(session -> scrubber.unfinished(session, carriers))) {
            try {
                executions.cancel(execution);
                canceled.add(execution.toString());
            } catch (ProblemException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // finished meanwhile: nothing to stop, its data is scrubbed below all the same
            }
        }
        store.inTransaction(session -> {
            LeadMapper mapper = session.getMapper(LeadMapper.class);
            LeadRow row = mapper.lock(id);
            if (row == null) {
                throw ProblemException.notFound(TARGET, id.toString());
            }
            // the PII as it is now, under the lock: a change since the first read is scrubbed too
            LeadData erasing = toData(row);
            int erased = scrubber.scrub(session, carriers, LeadPiiScrubber.Pii.of(erasing));
            mapper.deleteTokens(id);
            deleteWords(mapper, erasing);
            mapper.tombstone(id);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("executionsCanceled", canceled);
            detail.put("executionsScrubbed", carriers.stream().map(UUID::toString).toList());
            detail.put("valuesErased", erased);
            audit.record(session, entry(actor, "lead.deleted", id, detail));
            return null;
        });
        events.publish(TOPIC, "lead.deleted", Map.of("id", id.toString()));
    }

    LeadPage list(Actor actor, LeadQuery query) {
        LeadSearch search = search(query);
        return store.inTransaction(session -> {
            List<LeadView> items = session.getMapper(LeadMapper.class).search(search).stream()
                    .map(row -> LeadView.of(toData(row))).toList();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("ids", items.stream().map(lead -> lead.id().toString()).toList());
            detail.put("count", items.size());
            // which filters were used, never their values: q, email and phone are personal data
            detail.put("filters", usedFilters(query));
            audit.record(session, AuditEntry.of(actor, "lead.listed", AuditEntry.SUCCESS, TARGET, null, detail));
            String next = items.size() == search.limit
                    ? new KeysetCursor(items.get(items.size() - 1).createdAt(), items.get(items.size() - 1).id()).encode() : null;
            return new LeadPage(items, next);
        });
    }

    /**
     * Everything held on the lead: its fields, consent, its messages (decrypted), the workflow
     * executions that accessed it, and its audit trail (this export included).
     */
    Map<String, Object> export(Actor actor, UUID id) {
        LeadView lead = store.inTransaction(session -> {
            LeadView found = view(session.getMapper(LeadMapper.class), id);
            audit.record(session, entry(actor, "lead.exported", id, Map.of()));
            return found;
        });
        List<AuditEntry> trail = store.inTransaction(LeadMapper.class, mapper -> mapper.auditTrail(id.toString()))
                .stream().map(this::toEntry).toList();
        Map<String, List<String>> actionsByExecution = new LinkedHashMap<>();
        for (AuditEntry row : trail) {
            if ("workflow".equals(row.actorType()) && row.actorId() != null) {
                actionsByExecution.computeIfAbsent(row.actorId(), key -> new ArrayList<>()).add(row.action());
            }
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("exportedAt", Instant.now());
        export.put("lead", lead);
        export.put("consent", lead.consent());
        java.util.function.Function<UUID, List<Map<String, Object>>> messages = messageSource;
        export.put("messages", messages == null ? List.of() : messages.apply(id));
        export.put("executions", executionsOf(actionsByExecution));
        export.put("auditTrail", trail);
        return export;
    }

    private List<Map<String, Object>> executionsOf(Map<String, List<String>> actionsByExecution) {
        List<UUID> ids = new ArrayList<>();
        actionsByExecution.keySet().forEach(text -> {
            try {
                ids.add(UUID.fromString(text));
            } catch (IllegalArgumentException e) {
                // an actor id that is not an execution's
            }
        });
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (LeadExportMapper.ExecutionSummary row
                : store.inTransaction(LeadExportMapper.class, mapper -> mapper.executions(ids))) {
            Map<String, Object> execution = new LinkedHashMap<>();
            execution.put("id", row.id);
            execution.put("workflowId", row.workflowId);
            execution.put("workflowVersion", row.workflowVersion);
            execution.put("status", row.status);
            execution.put("startedAt", row.startedAt);
            execution.put("finishedAt", row.finishedAt);
            execution.put("leadActions", actionsByExecution.get(row.id.toString()));
            found.add(execution);
        }
        return found;
    }

    private LeadSearch search(LeadQuery query) {
        LeadSearch search = new LeadSearch();
        int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        search.limit = limit;
        if (query.email() != null && !query.email().isBlank()) {
            search.emailToken = tokens.email(contacts.email(query.email()).orElseThrow(() ->
                    ProblemException.invalidParameter("email", "email must be an email address")));
        }
        if (query.phone() != null && !query.phone().isBlank()) {
            search.phoneToken = tokens.phone(contacts.phone(query.phone()).orElseThrow(() ->
                    ProblemException.invalidParameter("phone", "phone must be a valid phone number")));
        }
        String q = query.q() == null ? "" : query.q().trim();
        if (!q.isEmpty()) {
            var email = q.contains("@") ? contacts.email(q) : java.util.Optional.<String>empty();
            var phone = email.isEmpty() && ContactNormalizer.looksLikePhone(q) ? contacts.phone(q)
                    : java.util.Optional.<String>empty();
            if (email.isPresent()) {
                search.emailToken = tokens.email(email.get());
            } else if (phone.isPresent()) {
                search.phoneToken = tokens.phone(phone.get());
            } else {
                List<String> words = SearchTokens.words(q);
                if (words.isEmpty() || words.size() > 10) {
                    throw ProblemException.invalidParameter("q", "q must hold 1 to 10 words (letters or digits), "
                            + "an email address or a phone number");
                }
                if (!words.stream().allMatch(SearchTokens::searchable)) {
                    throw ProblemException.invalidParameter("q", "each word of q must have at least "
                            + SearchTokens.MIN_PREFIX + " characters (names and companies are found by word prefixes)");
                }
                search.words = words.stream().distinct().map(tokens::word).toList();
            }
        }
        search.tags = query.tags() == null ? List.of()
                : query.tags().stream().map(String::trim).filter(tag -> !tag.isEmpty()).distinct().toList();
        if (query.status() != null && !LeadRequest.STATUSES.contains(query.status())) {
            throw ProblemException.invalidParameter("status", "status must be one of " + LeadRequest.STATUSES);
        }
        search.status = query.status();
        search.source = query.source();
        if (query.owner() != null) {
            try {
                search.owner = UUID.fromString(query.owner());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParameter("owner", "owner must be a user id (a UUID)");
            }
        }
        search.createdAfter = InstantParameter.parse("createdAfter", query.createdAfter());
        search.createdBefore = InstantParameter.parse("createdBefore", query.createdBefore());
        if (query.after() != null && !query.after().isBlank()) {
            KeysetCursor after = KeysetCursor.decode("after", query.after());
            search.afterCreatedAt = after.at();
            search.afterId = after.id();
        }
        return search;
    }

    private static List<String> usedFilters(LeadQuery query) {
        List<String> used = new ArrayList<>();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("q", query.q());
        all.put("email", query.email());
        all.put("phone", query.phone());
        all.put("tag", query.tags() == null || query.tags().isEmpty() ? null : query.tags());
        all.put("status", query.status());
        all.put("source", query.source());
        all.put("owner", query.owner());
        all.put("createdAfter", query.createdAfter());
        all.put("createdBefore", query.createdBefore());
        all.put("after", query.after());
        all.forEach((name, value) -> {
            if (value != null && !(value instanceof String text && text.isBlank())) {
                used.add(name);
            }
        });
        return used;
    }

    private LeadData merge(LeadData existing, LeadRequest request) {
        boolean overwrite = LeadRequest.MERGE_OVERWRITE.equals(request.merge);
        Map<String, Object> custom = new LinkedHashMap<>(existing.customFields() == null ? Map.of()
                : existing.customFields());
        if (request.customFields != null) {
            request.customFields.forEach((key, value) -> {
                if (overwrite || custom.get(key) == null) {
                    custom.put(key, value);
                }
            });
        }
        Map<String, Consent> consent = new LinkedHashMap<>(existing.consent());
        request.consent.forEach((channel, given) -> {
            if (given != null && given.newerThan(consent.get(channel))) {
                consent.put(channel, given);
            }
        });
        String status = overwrite && request.status != null ? request.status : existing.status();
        return new LeadData(existing.id(), pick(existing.firstName(), request.firstName, overwrite),
                pick(existing.lastName(), request.lastName, overwrite), pick(existing.company(), request.company, overwrite),
                union(existing.emails(), request.emails), union(existing.phones(), request.phones),
                pick(existing.source(), request.source, overwrite), status, union(existing.tags(), request.tags),
                pick(existing.owner(), request.owner, overwrite), custom, consent, existing.createdAt(),
                existing.updatedAt());
    }

    private void publishUpdated(UUID id, List<String> changed) {
        if (!changed.isEmpty()) {
            publishKernelEvent("lead.updated", id, Map.of("fields", List.copyOf(changed)));
        }
    }

    private void publishKernelEvent(String type, UUID id, Map<String, Object> data) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("leadId", id.toString());
        all.putAll(data);
        kernelEvents.publish(new KernelEvent(type, all, Instant.now()));
    }

    private static List<String> added(List<String> before, List<String> after) {
        return after.stream().filter(tag -> !before.contains(tag)).toList();
    }

    private static <T> T pick(T existing, T given, boolean overwrite) {
        if (given != null && (overwrite || existing == null)) {
            return given;
        }
        return existing;
    }

    private static List<String> union(List<String> first, List<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** A patch: present members replace (lists whole), null clears; customFields and consent per key. */
    private static LeadData apply(LeadData lead, LeadRequest request) {
        Map<String, Object> custom = new LinkedHashMap<>(lead.customFields() == null ? Map.of() : lead.customFields());
        if (request.has("customFields")) {
            if (request.customFields == null) {
                custom.clear();
            } else {
                request.customFields.forEach((key, value) -> {
                    if (value == null) {
                        custom.remove(key);
                    } else {
                        custom.put(key, value);
                    }
                });
            }
        }
        Map<String, Consent> consent = new LinkedHashMap<>(lead.consent());
        request.consent.forEach((channel, given) -> {
            if (given == null) {
                consent.remove(channel);
            } else {
                consent.put(channel, given);
            }
        });
        return new LeadData(lead.id(),
                request.has("firstName") ? request.firstName : lead.firstName(),
                request.has("lastName") ? request.lastName : lead.lastName(),
                request.has("company") ? request.company : lead.company(),
                request.has("emails") ? request.emails : lead.emails(),
                request.has("phones") ? request.phones : lead.phones(),
                request.has("source") ? request.source : lead.source(),
                request.status != null ? request.status : lead.status(),
                request.has("tags") ? request.tags : lead.tags(),
                request.has("owner") ? request.owner : lead.owner(),
                custom, consent, lead.createdAt(), lead.updatedAt());
    }

    private static List<String> changedFields(LeadData before, LeadData after) {
        List<String> changed = new ArrayList<>();
        compare(changed, "firstName", before.firstName(), after.firstName());
        compare(changed, "lastName", before.lastName(), after.lastName());
        compare(changed, "company", before.company(), after.company());
        compare(changed, "emails", before.emails(), after.emails());
        compare(changed, "phones", before.phones(), after.phones());
        compare(changed, "source", before.source(), after.source());
        compare(changed, "status", before.status(), after.status());
        compare(changed, "tags", before.tags(), after.tags());
        compare(changed, "owner", before.owner(), after.owner());
        compare(changed, "customFields", before.customFields(), after.customFields());
        compare(changed, "consent", before.consent(), after.consent());
        return changed;
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static void requireOwner(LeadMapper mapper, UUID owner) {
        if (owner != null && !mapper.userExists(owner)) {
            throw ProblemException.invalidField("/owner", "owner must be the id of an existing user");
        }
    }

    private List<SearchTokens.Token> contactTokens(List<String> emails, List<String> phones) {
        List<SearchTokens.Token> result = new ArrayList<>();
        emails.forEach(email -> result.add(new SearchTokens.Token(SearchTokens.EMAIL, tokens.email(email))));
        phones.forEach(phone -> result.add(new SearchTokens.Token(SearchTokens.PHONE, tokens.phone(phone))));
        return result;
    }

    /** Takes the advisory locks of {@code contactTokens} in ascending order, so two callers never deadlock. */
    private static void lock(LeadMapper mapper, List<SearchTokens.Token> contactTokens) {
        TreeSet<Integer> keys = new TreeSet<>();
        contactTokens.forEach(token -> keys.add(ByteBuffer.wrap(token.token()).getInt()));
        keys.forEach(key -> mapper.lockToken(LeadMapper.LOCK_NAMESPACE, key));
    }

    /** {@link #lock} for a batch: the same locks in the same order, in one statement. */
    private static void lockAll(SqlSession session, LeadMapper mapper, java.util.Collection<SearchTokens.Token> tokens) {
        TreeSet<Integer> keys = new TreeSet<>();
        tokens.forEach(token -> keys.add(ByteBuffer.wrap(token.token()).getInt()));
        if (!keys.isEmpty()) {
            mapper.lockTokens(LeadMapper.LOCK_NAMESPACE, LeadBatchArrays.integers(session.getConnection(), keys));
        }
    }

    /**
     * Rewrites the lead's tokens for its values {@code after} (already in its row), removing those
     * of its values {@code before} (null for a new lead). Word rows carry status and tags, so they are
     * rewritten on every change.
     */
    private void replaceTokens(LeadMapper mapper, LeadData before, LeadData after) {
        mapper.deleteTokens(after.id());
        List<SearchTokens.Token> contactTokens = tokens.contacts(after);
        if (!contactTokens.isEmpty()) {
            mapper.insertTokens(after.id(), contactTokens);
        }
        if (before != null) {
            deleteWords(mapper, before);
            mapper.wordsWritten(after.id());
        }
        List<Long> words = tokens.words(after);
        if (!words.isEmpty()) {
            mapper.insertWords(after.id(), words);
        }
    }

    private void deleteWords(LeadMapper mapper, LeadData lead) {
        List<Long> words = tokens.words(lead);
        if (!words.isEmpty()) {
            mapper.deleteWords(lead.id(), lead.createdAt(), words);
        }
    }

    /**
     * Writes the word tokens of the leads stored before they existed (changelog 0040), at start,
     * before the API answers, so a name search never misses an older lead. Nothing to do (one
     * indexed lookup) once done.
     */
    public void indexPendingWords() {
        long indexed = 0;
        for (int done = indexPendingWords(500); done > 0; done = indexPendingWords(500)) {
            indexed += done;
        }
        if (indexed > 0) {
            LoggerFactory.getLogger(LeadService.class).info("wrote the search words of {} older leads", indexed);
        }
    }

    private int indexPendingWords(int batch) {
        return store.inTransaction(session -> {
            LeadMapper mapper = session.getMapper(LeadMapper.class);
            List<LeadRow> rows = mapper.wordsPending(batch);
            for (LeadRow row : rows) {
                LeadData lead = toData(row);
                deleteWords(mapper, lead);
                List<Long> words = tokens.words(lead);
                if (!words.isEmpty()) {
                    mapper.insertWords(lead.id(), words);
                }
                mapper.wordsWritten(lead.id());
            }
            return rows.size();
        });
    }

    private LeadView view(LeadMapper mapper, UUID id) {
        LeadRow row = mapper.find(id);
        if (row == null) {
            throw ProblemException.notFound(TARGET, id.toString());
        }
        return LeadView.of(toData(row));
    }

    private static AuditEntry entry(Actor actor, String action, UUID lead, Map<String, Object> detail) {
        return AuditEntry.of(actor, action, AuditEntry.SUCCESS, TARGET, lead.toString(), detail);
    }

    private LeadRow toRow(LeadData lead) {
        UUID id = lead.id();
        LeadRow row = new LeadRow();
        row.id = id;
        row.firstNameCt = seal(id, "firstName", lead.firstName());
        row.lastNameCt = seal(id, "lastName", lead.lastName());
        row.companyCt = seal(id, "company", lead.company());
        row.emailsCt = lead.emails().isEmpty() ? null : seal(id, "emails", write(lead.emails()));
        row.phonesCt = lead.phones().isEmpty() ? null : seal(id, "phones", write(lead.phones()));
        row.customFieldsCt = lead.customFields() == null || lead.customFields().isEmpty() ? null
                : seal(id, "customFields", write(lead.customFields()));
        row.consentJson = write(lead.consent());
        row.source = lead.source();
        row.status = lead.status();
        row.tagsJson = write(lead.tags());
        row.ownerId = lead.owner();
        return row;
    }

    private LeadData toData(LeadRow row) {
        UUID id = row.id;
        String emails = open(id, "emails", row.emailsCt);
        String phones = open(id, "phones", row.phonesCt);
        String custom = open(id, "customFields", row.customFieldsCt);
        return new LeadData(id, open(id, "firstName", row.firstNameCt), open(id, "lastName", row.lastNameCt),
                open(id, "company", row.companyCt),
                emails == null ? List.of() : read(emails, STRINGS),
                phones == null ? List.of() : read(phones, STRINGS),
                row.source, row.status, read(row.tagsJson, STRINGS), row.ownerId,
                custom == null ? null : read(custom, OBJECT),
                read(row.consentJson, CONSENT), row.createdAt, row.updatedAt);
    }

    /** Binds each ciphertext to its lead and field, so one copied elsewhere does not decrypt. */
    private String seal(UUID id, String field, String plaintext) {
        return plaintext == null ? null : box.encrypt(plaintext, "lead:" + id + ":" + field);
    }

    private String open(UUID id, String field, String ciphertext) {
        return ciphertext == null ? null : box.decrypt(ciphertext, "lead:" + id + ":" + field);
    }

    private AuditEntry toEntry(AuditRow row) {
        return new AuditEntry(row.id, row.occurredAt, row.actorType, row.actorId, row.actorName, row.action,
                row.outcome, row.targetType, row.targetId, row.clientIp,
                row.detailJson == null ? Map.of() : read(row.detailJson, DETAIL));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("lead values must be plain JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored lead value is not the JSON it should be", e);
        }
    }
}
