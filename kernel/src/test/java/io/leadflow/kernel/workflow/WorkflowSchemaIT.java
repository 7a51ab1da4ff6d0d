package io.leadflow.kernel.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/schemas/workflow.json serves the schema the kernel enforces on every save. */
class WorkflowSchemaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/api/v1/schemas/workflow.json";
    private static TestKernel kernel;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
    }

    @AfterAll
    static void stop() {
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    void anyUserGetsTheSchemaWithATokenAndNobodyWithout() {
        ApiResponse anonymous = kernel.anonymous().get(PATH);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

        ApiResponse served = kernel.userWithRole("schema-viewer", "viewer").get(PATH);
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/schema+json");
        JsonNode schema = served.json();
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("name", "nodes", "edges");
        assertThat(schema.at("/$defs/node/properties/type/pattern").asText())
                .isEqualTo("^[a-z][a-z0-9-]{0,40}\\.[a-z][a-z0-9-]{0,60}$");
        assertThat(kernel.admin().get("/api/v1/openapi.json").json().at("/paths").has(PATH)).isTrue();
    }

    @Test
    void whatTheServedSchemaRefusesTheKernelRefusesAndWhatItAcceptsTheKernelSaves() throws Exception {
        ApiClient admin = kernel.admin();
        JsonSchema served = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(admin.get(PATH).json());
        JsonNode valid = JSON.readTree(
                "{\"name\":\"Empty\",\"nodes\":[],\"edges\":[],\"settings\":{\"keepExecutionData\":\"failed\"}}");
        JsonNode invalid = JSON.readTree("{\"name\":\"Empty\",\"nodes\":[],\"edges\":[],\"colour\":\"red\"}");

        assertThat(served.validate(valid)).isEmpty();
        ApiResponse saved = admin.post("/api/v1/workflows", valid.toString());
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);

        assertThat(served.validate(invalid)).isNotEmpty();
        ApiResponse refused = admin.post("/api/v1/workflows", invalid.toString());
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:leadflow:problem:validation-failed");
        assertThat(refused.body()).contains("colour");
    }
}
