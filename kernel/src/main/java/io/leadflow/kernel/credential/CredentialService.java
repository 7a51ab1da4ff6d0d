package io.leadflow.kernel.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.Property;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.crypto.MasterKeyRotation;
import io.leadflow.kernel.crypto.SecretBox;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Credentials of the plugins' credential types. All fields are encrypted together (AES-GCM bound
 * to the credential's id); the non-secret ones are also kept readable for lists. Secrets are never
 * returned; a node run receives only the credential its node is configured with, decrypted.
 */
public final class CredentialService {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

    private final Store store;
    private final SecretBox box;
    private final NodeRegistry registry;
    private final AuditLog audit;
    private final HttpClient http;
    private final ObjectMapper json;

    public CredentialService(Store store, SecretBox box, NodeRegistry registry, AuditLog audit, HttpClient http,
                             ObjectMapper json) {
        this.store = store.register(CredentialMapper.class);
        this.box = box;
        this.registry = registry;
        this.audit = audit;
        this.http = http;
        this.json = json;
    }

    public CredentialView create(Actor actor, UUID userId, String name, String typeId, Map<String, Object> data) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ProblemException.invalidField("/name", "name is required, at most 200 characters");
        }
        List<Property<?>> fields = fieldsOf(typeId);
        Map<String, Object> values = validate(fields, data == null ? Map.of() : data);
        CredentialRow row = new CredentialRow();
        row.id = UUID.randomUUID();
        row.name = name.trim();
        row.typeId = typeId;
        row.ciphertext = box.encrypt(write(values), associatedData(row.id));
        row.publicFieldsJson = write(publicOnly(fields, values));
        row.createdBy = userId;
        store.inTransaction(session -> {
            session.getMapper(CredentialMapper.class).insert(row);
            audit.record(session, AuditEntry.of(actor, "credential.created", AuditEntry.SUCCESS, "credential",
                    row.id.toString(), Map.of("type", typeId, "name", row.name)));
            return null;
        });
        return view(store.inTransaction(CredentialMapper.class, mapper -> mapper.find(row.id)));
    }

    public List<CredentialView> list() {
        return store.inTransaction(CredentialMapper.class, CredentialMapper::findAll).stream().map(this::view).toList();
    }

    public CredentialView get(UUID id) {
        return view(require(id));
    }

    public void delete(Actor actor, UUID id) {
        CredentialRow row = require(id);
        store.inTransaction(session -> {
            session.getMapper(CredentialMapper.class).delete(id);
            audit.record(session, AuditEntry.of(actor, "credential.deleted", AuditEntry.SUCCESS, "credential",
                    id.toString(), Map.of("type", row.typeId, "name", row.name)));
            return null;
        });
    }

    /** Runs the credential type's connection test against the provider. */
    public ConnectionTest test(Actor actor, UUID id) {
        CredentialRow row = require(id);
        var type = registry.credentialType(row.typeId).orElseThrow(() -> ProblemException.conflict(
                "credential type '" + row.typeId + "' is not provided by any started plugin"));
        Credential credential = decrypt(row);
        ConnectionTest result;
        try {
            result = type.type().test(credential, http).toCompletableFuture()
                    .get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result = ConnectionTest.failed("the test did not finish within " + TEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = ConnectionTest.failed("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            result = ConnectionTest.failed("the test failed: " + cause.getMessage());
        }
        if (result == null) {
            result = ConnectionTest.failed("the credential type returned no result");
        }
        audit.record(AuditEntry.of(actor, "credential.tested", result.ok() ? AuditEntry.SUCCESS : AuditEntry.FAILURE,
                "credential", id.toString(), Map.of("type", row.typeId)));
        if (result.ok()) {
            store.inTransaction(CredentialMapper.class, mapper -> mapper.clearProblem(id));
        }
        return result;
    }

    /**
     * Records that a provider refused this credential (an expired or revoked token): the API shows
     * it as {@code problem} until a connection test passes. Audited once per change.
     */
    public void flag(Actor actor, String credentialId, String problem) {
        UUID id;
        try {
            id = UUID.fromString(credentialId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return;
        }
        String text = problem == null ? "refused by the provider" : problem.length() > 500 ? problem.substring(0, 500) : problem;
        store.inTransaction(session -> {
            CredentialRow row = session.getMapper(CredentialMapper.class).find(id);
            if (row == null || text.equals(row.problem)) {
                return null;
            }
            session.getMapper(CredentialMapper.class).flag(id, text);
            audit.record(session, AuditEntry.of(actor, "credential.flagged", AuditEntry.FAILURE, "credential",
                    id.toString(), Map.of("type", row.typeId, "problem", text)));
            return null;
        });
    }

    /** The decrypted credential, for the engine to hand to the one node run configured with it. */
    public Optional<Credential> decrypted(UUID id) {
        CredentialRow row = store.inTransaction(CredentialMapper.class, mapper -> mapper.find(id));
        return row == null ? Optional.empty() : Optional.of(decrypt(row));
    }

    private Credential decrypt(CredentialRow row) {
        Map<String, Object> fields = read(box.decrypt(row.ciphertext, associatedData(row.id)));
        String id = row.id.toString();
        String typeId = row.typeId;
        return new Credential() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String typeId() {
                return typeId;
            }

            @Override
            public <T> T get(Property<T> field) {
                return Property.read(field, fields);
            }

            @Override
            public Map<String, Object> fields() {
                return fields;
            }

            @Override
            public String toString() {
                return "Credential[" + id + ", " + typeId + "]"; // never the fields
            }
        };
    }

    private List<Property<?>> fieldsOf(String typeId) {
        if (typeId == null) {
            throw ProblemException.invalidField("/type", "type is required (a credential type id such as mailgun.api-key)");
        }
        return registry.credentialType(typeId).orElseThrow(() -> ProblemException.invalidField("/type",
                "unknown credential type '" + typeId + "'; GET /api/v1/credential-types lists them")).descriptor().fields();
    }

    private static Map<String, Object> validate(List<Property<?>> fields, Map<String, Object> data) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : data.keySet()) {
            if (fields.stream().noneMatch(field -> field.id().equals(key))) {
                throw ProblemException.invalidField("/data/" + key, "unknown field '" + key + "'");
            }
        }
        for (Property<?> field : fields) {
            Object raw = data.get(field.id());
            Object value;
            try {
                value = field.convert(raw);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("/data/" + field.id(), e.getMessage());
            }
            if (field.required() && (value == null || "".equals(value))) {
                throw ProblemException.invalidField("/data/" + field.id(), "'" + field.id() + "' is required");
            }
            if (value != null && !field.allowedValues().isEmpty() && !field.allowedValues().contains(value)) {
                throw ProblemException.invalidField("/data/" + field.id(), "'" + field.id() + "' must be one of "
                        + field.allowedValues());
            }
            if (value != null) {
                values.put(field.id(), value);
            }
        }
        return values;
    }

    private static Map<String, Object> publicOnly(List<Property<?>> fields, Map<String, Object> values) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Property<?> field : fields) {
            if (!field.secret() && values.containsKey(field.id())) {
                result.put(field.id(), values.get(field.id()));
            }
        }
        return result;
    }

    private CredentialView view(CredentialRow row) {
        Map<String, Object> visible = read(row.publicFieldsJson);
        List<String> secretFields = new ArrayList<>();
        registry.credentialType(row.typeId).ifPresent(type -> type.descriptor().fields().stream()
                .filter(Property::secret).forEach(field -> secretFields.add(field.id())));
        Map<String, Object> problem = row.problem == null ? null : Map.of("message", row.problem, "at", row.problemAt);
        return new CredentialView(row.id, row.name, row.typeId, visible, secretFields, row.createdAt, problem);
    }

    private CredentialRow require(UUID id) {
        CredentialRow row = store.inTransaction(CredentialMapper.class, mapper -> mapper.find(id));
        if (row == null) {
            throw ProblemException.notFound("credential", id.toString());
        }
        return row;
    }

    /** Re-seals every credential for a master-key rotation (see {@link MasterKeyRotation}). */
    public static MasterKeyRotation.Resealer resealer(Store store) {
        store.register(CredentialMapper.class);
        return (session, previous, current) -> {
            CredentialMapper mapper = session.getMapper(CredentialMapper.class);
            int resealed = 0;
            for (CredentialRow row : mapper.findAll()) {
                String context = associatedData(row.id);
                mapper.reseal(row.id, current.encrypt(previous.decrypt(row.ciphertext, context), context));
                resealed++;
            }
            return resealed;
        };
    }

    private static String associatedData(UUID id) {
        return "credential:" + id;
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("credential values must be plain JSON", e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored credential is not JSON", e);
        }
    }
}
