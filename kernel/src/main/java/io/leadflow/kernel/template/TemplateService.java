package io.leadflow.kernel.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.credential.CredentialView;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.workflow.WorkflowService;
import io.leadflow.kernel.workflow.WorkflowSummary;
import io.leadflow.kernel.workflow.WorkflowVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The template gallery against the running kernel: which templates the started plugins can run,
 * and importing one as a new inactive workflow. Importing goes through {@link WorkflowService}, so
 * the document is validated against the live palette exactly as a hand-made one; a node whose
 * credential type has exactly one credential gets it, as channels pick the only credential of
 * their type, and every other credential a node needs is reported for the user to choose.
 */
public final class TemplateService {
    private static final int NAME_PAGE = 200;
    private static final int MAX_NAME_LENGTH = 200;

    private final TemplateCatalog catalog;
    private final NodeRegistry registry;
    private final WorkflowService workflows;
    private final CredentialService credentials;

    TemplateService(TemplateCatalog catalog, NodeRegistry registry, WorkflowService workflows,
                    CredentialService credentials) {
        this.catalog = catalog;
        this.registry = registry;
        this.workflows = workflows;
        this.credentials = credentials;
    }

    /** The shipped templates, served against this registry, workflow store and credentials. */
    public static TemplateService shipped(com.fasterxml.jackson.databind.ObjectMapper json, NodeRegistry registry,
                                          WorkflowService workflows, CredentialService credentials) {
        return new TemplateService(TemplateCatalog.shipped(json), registry, workflows, credentials);
    }

    /** Every template with what it needs and whether the started plugins provide it. */
    public List<TemplateSummary> gallery() {
        return catalog.all().stream().map(this::summary).toList();
    }

    /**
     * Creates a workflow from a template. Fails with 404 for an unknown id, 409 naming the plugins
     * that are not started, and 422 if the document does not validate against the plugins' current
     * versions.
     */
    public ImportedTemplate importTemplate(Actor actor, UUID userId, String id) {
        WorkflowTemplate template = catalog.find(id).orElseThrow(() -> ProblemException.notFound("template", id));
        List<String> missing = missingPlugins(template);
        if (!missing.isEmpty()) {
            throw new ProblemException(409, "template-plugins-missing", "Plugins missing",
                    "template '" + id + "' needs plugins that are not installed and started: "
                            + String.join(", ", missing))
                    .with("missingPlugins", missing);
        }
        ObjectNode document = template.workflow().deepCopy();
        document.put("name", uniqueName(document.get("name").asText()));
        List<CredentialView> existing = credentials.list();
        List<CredentialNeeded> needed = new ArrayList<>();
        List<CredentialAssigned> assigned = new ArrayList<>();
        List<CredentialOptional> optional = new ArrayList<>();
        Set<String> typesNodesNeed = new HashSet<>();
        for (JsonNode node : document.get("nodes")) {
            NodeDescriptor descriptor = registry.node(node.get("type").asText()).orElseThrow().descriptor();
            List<String> accepted = descriptor.credentialTypes();
            if (accepted.isEmpty()) {
                continue;
            }
            String nodeId = node.get("id").asText();
            String nodeName = node.get("name").asText();
            String reason = template.optionalCredentials().get(nodeId);
            if (reason != null) {
                optional.add(new CredentialOptional(nodeId, nodeName, accepted.get(0), accepted, reason));
                continue;
            }
            List<CredentialView> usable = existing.stream().filter(view -> accepted.contains(view.type())).toList();
            if (usable.size() == 1) {
                ((ObjectNode) node).put("credential", usable.get(0).id().toString());
                assigned.add(new CredentialAssigned(nodeId, nodeName, usable.get(0).type(), usable.get(0).id()));
            } else {
                needed.add(new CredentialNeeded(nodeId, nodeName, accepted.get(0), accepted, label(accepted.get(0))));
                typesNodesNeed.addAll(accepted);
            }
        }
        List<ChannelCredentialNeeded> channelsNeed = new ArrayList<>();
        for (String channelId : template.channels()) {
            String type = registry.channel(channelId).orElseThrow().descriptor().credentialType();
            if (!typesNodesNeed.contains(type) && existing.stream().noneMatch(view -> view.type().equals(type))) {
                channelsNeed.add(new ChannelCredentialNeeded(channelId, type, label(type)));
            }
        }
        WorkflowVersion created = workflows.create(actor, userId, document);
        return new ImportedTemplate(created.workflow().id(), created.workflow().name(), template.id(),
                created.version(), needed, assigned, optional, channelsNeed);
    }

    private TemplateSummary summary(WorkflowTemplate template) {
        List<NodeTypeRequirement> types = new ArrayList<>();
        Set<String> credentialTypes = new LinkedHashSet<>();
        for (String type : template.nodeTypes()) {
            Optional<NodeDescriptor> descriptor = registry.node(type).map(NodeRegistry.RegisteredNode::descriptor);
            types.add(new NodeTypeRequirement(type, descriptor.map(NodeDescriptor::label).orElse(firstNodeName(template, type)),
                    descriptor.map(NodeDescriptor::icon).orElse(null), WorkflowTemplate.pluginOf(type),
                    descriptor.isPresent(), descriptor.map(NodeDescriptor::credentialTypes).orElse(List.of())));
        }
        for (JsonNode node : template.workflow().get("nodes")) {
            if (!template.optionalCredentials().containsKey(node.get("id").asText())) {
                registry.node(node.get("type").asText()).ifPresent(found ->
                        credentialTypes.addAll(found.descriptor().credentialTypes()));
            }
        }
        List<ChannelRequirement> channels = new ArrayList<>();
        for (String channelId : template.channels()) {
            Optional<NodeRegistry.RegisteredChannel> channel = registry.channel(channelId);
            channel.ifPresent(found -> credentialTypes.add(found.descriptor().credentialType()));
            channels.add(new ChannelRequirement(channelId, channel.map(found -> found.descriptor().label()).orElse(channelId),
                    WorkflowTemplate.pluginOf(channelId), channel.isPresent(),
                    channel.map(found -> found.descriptor().credentialType()).orElse(null)));
        }
        List<String> missing = missingPlugins(template);
        return new TemplateSummary(template.id(), template.name(), template.description(), template.category(),
                template.workflow().get("nodes").size(), types, channels, template.plugins(), missing, missing.isEmpty(),
                List.copyOf(credentialTypes));
    }

    private List<String> missingPlugins(WorkflowTemplate template) {
        Set<String> missing = new LinkedHashSet<>();
        template.nodeTypes().stream().filter(type -> registry.node(type).isEmpty())
                .forEach(type -> missing.add(WorkflowTemplate.pluginOf(type)));
        template.channels().stream().filter(channel -> registry.channel(channel).isEmpty())
                .forEach(channel -> missing.add(WorkflowTemplate.pluginOf(channel)));
        return List.copyOf(missing);
    }

    /** The name, or the first of "name (2)", "name (3)", ... that no workflow has yet. */
    private String uniqueName(String base) {
        Set<String> taken = new HashSet<>();
        Instant afterUpdatedAt = null;
        UUID afterId = null;
        while (true) {
            List<WorkflowSummary> page = workflows.list(base, afterUpdatedAt, afterId, NAME_PAGE);
            page.forEach(summary -> taken.add(summary.name()));
            if (page.size() < NAME_PAGE) {
                break;
            }
            afterUpdatedAt = page.get(page.size() - 1).updatedAt();
            afterId = page.get(page.size() - 1).id();
        }
        if (!taken.contains(base)) {
            return base;
        }
        for (int number = 2; ; number++) {
            String suffix = " (" + number + ")";
            String candidate = base.substring(0, Math.min(base.length(), MAX_NAME_LENGTH - suffix.length())) + suffix;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private String label(String credentialType) {
        return registry.credentialType(credentialType).map(type -> type.descriptor().label()).orElse(credentialType);
    }

    private static String firstNodeName(WorkflowTemplate template, String type) {
        for (JsonNode node : template.workflow().get("nodes")) {
            if (node.get("type").asText().equals(type)) {
                return node.get("name").asText();
            }
        }
        return type;
    }

    /** A gallery card: the template and what it needs from the installation. */
    public record TemplateSummary(String id, String name, String description, String category, int nodeCount,
                                  List<NodeTypeRequirement> nodeTypes, List<ChannelRequirement> channels,
                                  List<String> plugins, List<String> missingPlugins, boolean available,
                                  List<String> credentialTypes) {
    }

    /** A node type the template uses; label, icon and credential types come from the started plugin. */
    public record NodeTypeRequirement(String type, String label, String icon, String plugin, boolean installed,
                                      List<String> credentialTypes) {
    }

    /** A channel the template sends or receives through. */
    public record ChannelRequirement(String channel, String label, String plugin, boolean installed,
                                     String credentialType) {
    }

    /** The outcome of an import: the new workflow and what is left to set up. */
    public record ImportedTemplate(UUID workflowId, String name, String templateId, int version,
                                   List<CredentialNeeded> credentialsNeeded, List<CredentialAssigned> credentialsAssigned,
                                   List<CredentialOptional> credentialsOptional,
                                   List<ChannelCredentialNeeded> channelCredentialsNeeded) {
    }

    /** A node that needs a credential chosen before it can run. */
    public record CredentialNeeded(String nodeId, String nodeName, String credentialType, List<String> credentialTypes,
                                   String credentialTypeLabel) {
    }

    /** A node given the only credential of its type. */
    public record CredentialAssigned(String nodeId, String nodeName, String credentialType, UUID credentialId) {
    }

    /** A node whose credential the template leaves empty on purpose. */
    public record CredentialOptional(String nodeId, String nodeName, String credentialType, List<String> credentialTypes,
                                     String reason) {
    }

    /** A channel that cannot send or verify webhooks until a credential of its type exists. */
    public record ChannelCredentialNeeded(String channel, String credentialType, String credentialTypeLabel) {
    }
}
