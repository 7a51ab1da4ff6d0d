package io.leadflow.kernel.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One gallery entry: its metadata and the workflow document it imports as.
 *
 * @param id                  stable id, the resource's file name without {@code .json}
 * @param name                the title shown on the card
 * @param description         what the workflow does, in a few sentences
 * @param category            the gallery section
 * @param channels            channel ids the workflow sends or receives through without naming them as
 *                            node types (a {@code core.send-message} to {@code twilio.sms}, an inbound
 *                            WhatsApp message), so their plugins are required too
 * @param optionalCredentials node ids whose credential may stay empty, with the reason shown to the user
 * @param workflow            the workflow document, in the format {@code POST /api/v1/workflows} takes
 */
record WorkflowTemplate(String id, String name, String description, String category, List<String> channels,
                        Map<String, String> optionalCredentials, JsonNode workflow) {

    WorkflowTemplate {
        channels = List.copyOf(channels);
        optionalCredentials = Map.copyOf(optionalCredentials);
    }

    /** The node types the document uses, each once, in the order of its nodes. */
    List<String> nodeTypes() {
        Set<String> types = new LinkedHashSet<>();
        workflow.get("nodes").forEach(node -> types.add(node.get("type").asText()));
        return List.copyOf(types);
    }

    /** The plugins the template needs: the scope of each node type and channel id ({@code mailgun.send-email} → {@code mailgun}). */
    List<String> plugins() {
        Set<String> plugins = new LinkedHashSet<>();
        nodeTypes().forEach(type -> plugins.add(pluginOf(type)));
        channels.forEach(channel -> plugins.add(pluginOf(channel)));
        return new ArrayList<>(plugins);
    }

    /** The plugin id a type or channel id is scoped by; the kernel refuses a plugin whose ids are scoped otherwise. */
    static String pluginOf(String scopedId) {
        int dot = scopedId.indexOf('.');
        return dot < 0 ? scopedId : scopedId.substring(0, dot);
    }
}
