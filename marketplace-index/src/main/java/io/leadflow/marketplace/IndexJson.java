package io.leadflow.marketplace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Reads and writes the index documents. Writing always yields RFC 8785 canonical bytes; reading
 * refuses ({@code schema}) bytes that are not JSON, not canonical, or not valid against the
 * document's JSON Schema (in this module's resources, beside this class).
 */
public final class IndexJson {
    private static final int MAX_MESSAGES = 5;

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final JsonSchema indexSchema = schema("index.schema.json");
    private final JsonSchema keysSchema = schema("keys.schema.json");
    private final JsonSchema signatureSchema = schema("signature.schema.json");

    /** The RFC 8785 canonical UTF-8 bytes of a document (a record of this package). */
    public byte[] canonical(Object document) {
        try {
            return new JsonCanonicalizer(mapper.writeValueAsBytes(document)).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + document.getClass().getSimpleName(), e);
        }
    }

    /** Reads {@code index.json}, refusing it ({@code schema}) unless it is canonical and valid; plugin ids and versions are unique. */
    public IndexDocument index(byte[] bytes) {
        IndexDocument document = read(bytes, IndexFiles.INDEX, indexSchema, IndexDocument.class, true);
        Set<String> ids = new HashSet<>();
        for (IndexPlugin plugin : document.plugins()) {
            if (!ids.add(plugin.id())) {
                throw new IndexRefusedException(IndexRefusedException.SCHEMA, "index.json lists plugin '" + plugin.id() + "' twice");
            }
            Set<String> versions = new HashSet<>();
            for (IndexRelease release : plugin.releases()) {
                if (!versions.add(release.version())) {
                    throw new IndexRefusedException(IndexRefusedException.SCHEMA, "index.json lists " + plugin.id()
                            + " " + release.version() + " twice");
                }
            }
        }
        return document;
    }

    /** Reads {@code keys.json}, refusing it ({@code schema}) unless it is canonical and valid. */
    public KeyList keys(byte[] bytes) {
        return read(bytes, IndexFiles.KEYS, keysSchema, KeyList.class, true);
    }

    /** Reads a {@code .sig} file (any formatting), refusing it ({@code schema}) unless valid. */
    public DetachedSignature signature(byte[] bytes, String name) {
        return read(bytes, name, signatureSchema, DetachedSignature.class, false);
    }

    private <T> T read(byte[] bytes, String name, JsonSchema schema, Class<T> type, boolean mustBeCanonical) {
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (IOException e) {
            throw refused(name + " is not JSON: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw refused(name + " is empty");
        }
        Set<ValidationMessage> messages = schema.validate(tree);
        if (!messages.isEmpty()) {
            throw refused(name + " does not match its schema: " + messages.stream().limit(MAX_MESSAGES)
                    .map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
        }
        // the signature covers bytes, so a reader must see the one encoding every writer produces
        if (mustBeCanonical && !Arrays.equals(bytes, canonicalOf(bytes))) {
            throw refused(name + " is not canonical JSON (RFC 8785): sign the bytes the index tool writes");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (IOException e) {
            throw refused(name + " cannot be read: " + e.getMessage());
        }
    }

    private static byte[] canonicalOf(byte[] bytes) {
        try {
            return new JsonCanonicalizer(bytes).getEncodedUTF8();
        } catch (IOException | RuntimeException e) {
            throw refused("not JSON: " + e.getMessage());
        }
    }

    private static IndexRefusedException refused(String detail) {
        return new IndexRefusedException(IndexRefusedException.SCHEMA, detail);
    }

    private JsonSchema schema(String resource) {
        try (InputStream in = IndexJson.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the marketplace-index jar");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(mapper.readTree(in),
                    SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
