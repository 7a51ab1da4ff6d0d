package io.leadflow.kernel.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.credential.CredentialIT;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new master key, set next to the old one for one start: credentials, data keys and the search-token
 * key move to it, leads stay readable and findable, and from then on only the new key starts a kernel.
 */
class MasterKeyRotationIT {
    private static final String SECRET = "key-rotating-3ax6xnjp29jd6fds4gc3";

    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aNewMasterKeyTakesOverEverySecretAndTheOldOneNoLongerStarts() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/check", exchange -> {
            boolean ok = ("Bearer " + SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        provider.start();
        TestKernel kernel = TestKernel.start();
        String db = kernel.databaseUrl();
        try {
            String oldKey = kernel.setting("LEADFLOW_MASTER_KEY");
            MasterKey old = MasterKey.parse(oldKey, "old");
            ApiClient admin = kernel.admin();
            assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    CredentialIT.pluginWithCredentialType().build()).status()).isEqualTo(201);
            String credential = admin.post("/api/v1/credentials", "{\"name\":\"Acme\",\"type\":\"acme.api-key\","
                    + "\"data\":{\"apiKey\":\"" + SECRET + "\",\"baseUrl\":\"http://127.0.0.1:"
                    + provider.getAddress().getPort() + "\"}}").json().get("id").asText();
            String lead = admin.post("/api/v1/leads", "{\"firstName\":\"Keeper\",\"lastName\":\"Ofkeys\","
                    + "\"emails\":[\"keeper@rotation.example\"],\"phones\":[\"+16502531234\"]}").json().get("id").asText();
            // a field as databases from before the keyring hold it: sealed with the master key itself
            try (Connection connection = DriverManager.getConnection(db, "postgres", null);
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE lead SET company_ct = ? WHERE id = CAST(? AS uuid)")) {
                update.setString(1, new SecretBox(old).encrypt("Old Vault Inc", "lead:" + lead + ":company"));
                update.setString(2, lead);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            String dataKeysBefore = RawDatabase.value(db, "SELECT string_agg(wrapped_key, ',' ORDER BY key_id) FROM crypto_data_key");
            String tokensBefore = RawDatabase.value(db, "SELECT count(*) FROM lead_word");

            String newKey = newKey();
            MasterKey current = MasterKey.parse(newKey, "new");
            kernel = kernel.restart(Map.of("LEADFLOW_MASTER_KEY", newKey, "LEADFLOW_PREVIOUS_MASTER_KEY", oldKey));
            admin = kernel.admin();

            // every wrapped key and credential is sealed with the new key now; the old one is a retired data key
            assertThat(RawDatabase.value(db, "SELECT count(*) FROM crypto_data_key WHERE wrapped_key NOT LIKE 'v1:"
                    + current.id() + ":%'")).isEqualTo("0");
            assertThat(RawDatabase.value(db, "SELECT is_primary FROM crypto_data_key WHERE key_id = '" + old.id() + "'"))
                    .isEqualTo("f");
            assertThat(RawDatabase.value(db, "SELECT string_agg(wrapped_key, ',' ORDER BY key_id) FROM crypto_data_key "
                    + "WHERE key_id <> '" + old.id() + "'")).isNotEqualTo(dataKeysBefore);
            assertThat(RawDatabase.value(db, "SELECT split_part(ciphertext, ':', 2) FROM credential")).isEqualTo(current.id());
            assertThat(RawDatabase.value(db, "SELECT split_part(wrapped_key, ':', 2) FROM crypto_index_key")).isEqualTo(current.id());
            assertThat(RawDatabase.value(db, "SELECT string_agg(key_id, ',') FROM crypto_key_check")).isEqualTo(current.id());

            // everything still works: the credential's secret reaches the provider, the lead reads whole,
            // and the search tokens made under the old key still find it (none was recomputed)
            ApiResponse tested = admin.post("/api/v1/credentials/" + credential + "/test", "");
            assertThat(tested.json().get("ok").asBoolean()).as(tested.body()).isTrue();
            JsonNode read = admin.get("/api/v1/leads/" + lead).json();
            assertThat(read.get("firstName").asText()).isEqualTo("Keeper");
            assertThat(read.get("company").asText()).isEqualTo("Old Vault Inc");
            assertThat(admin.get("/api/v1/leads?email=keeper@rotation.example").json().get("items")).hasSize(1);
            assertThat(admin.get("/api/v1/leads?phone=%2B16502531234").json().get("items")).hasSize(1);
            assertThat(admin.get("/api/v1/leads?q=ofkey").json().get("items")).hasSize(1);
            assertThat(RawDatabase.value(db, "SELECT count(*) FROM lead_word")).isEqualTo(tokensBefore);
            JsonNode audit = admin.get("/api/v1/audit?action=keys.master-rotated").json().get("items");
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).get("targetId").asText()).isEqualTo(current.id());

            // a second start with both keys set finds the work done and changes nothing
            String credentialAfter = RawDatabase.value(db, "SELECT ciphertext FROM credential");
            kernel = kernel.restart();
            assertThat(RawDatabase.value(db, "SELECT ciphertext FROM credential")).isEqualTo(credentialAfter);
            assertThat(kernel.admin().get("/api/v1/audit?action=keys.master-rotated").json().get("items")).hasSize(1);

            // the new key alone starts; the old key alone no longer does
            kernel = kernel.restart(Map.of("LEADFLOW_PREVIOUS_MASTER_KEY", ""));
            assertThat(kernel.admin().get("/api/v1/leads/" + lead).json().get("company").asText()).isEqualTo("Old Vault Inc");
            TestKernel running = kernel;
            kernel = null;
            assertThatThrownBy(() -> running.restart(Map.of("LEADFLOW_MASTER_KEY", oldKey)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("not the key this database's secrets were encrypted with");
        } finally {
            if (kernel != null) {
                kernel.close();
            }
            provider.stop(0);
        }
    }

    @Test
    void keysThatAreNotTheDatabasesRefuseToStartAndChangeNothing() throws Exception {
        TestKernel first = TestKernel.start();
        String db = first.databaseUrl();
        first.close();
        String checkBefore = RawDatabase.value(db, "SELECT ciphertext FROM crypto_key_check");
        String dataKeysBefore = RawDatabase.value(db, "SELECT string_agg(wrapped_key, ',' ORDER BY key_id) FROM crypto_data_key");

        assertThatThrownBy(() -> TestKernel.startOn(db, Map.of("LEADFLOW_MASTER_KEY", newKey(),
                "LEADFLOW_PREVIOUS_MASTER_KEY", newKey())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("neither LEADFLOW_MASTER_KEY");
        String same = newKey();
        assertThatThrownBy(() -> TestKernel.startOn(db, Map.of("LEADFLOW_MASTER_KEY", same,
                "LEADFLOW_PREVIOUS_MASTER_KEY", same)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the same key");

        assertThat(RawDatabase.value(db, "SELECT ciphertext FROM crypto_key_check")).isEqualTo(checkBefore);
        assertThat(RawDatabase.value(db, "SELECT string_agg(wrapped_key, ',' ORDER BY key_id) FROM crypto_data_key"))
                .isEqualTo(dataKeysBefore);
        try (TestKernel again = TestKernel.startOn(db, Map.of())) {
            assertThat(again.admin().get("/api/v1/health").status()).isEqualTo(200);
        }
    }
}
