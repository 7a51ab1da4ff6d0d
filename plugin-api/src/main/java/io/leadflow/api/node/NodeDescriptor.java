package io.leadflow.api.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the kernel and the editor need to know about a node, as plain data: its stable type
 * id (scoped by plugin: {@code mailgun.send-email}, never a class name), its version, how it looks
 * in the palette, its ports, its typed properties, the credential types it accepts, its default
 * retry policy and whether it is safe to run twice.
 */
public final class NodeDescriptor {
    private final String typeId;
    private final int version;
    private final NodeKind kind;
    private final String label;
    private final String description;
    private final String category;
    private final String icon;
    private final List<Port> inputs;
    private final List<Port> outputs;
    private final List<Property<?>> properties;
    private final List<String> credentialTypes;
    private final RetryPolicy retryPolicy;
    private final boolean idempotent;
    private final boolean loopsBack;
    private final Set<HostCapability> requirements;

    private NodeDescriptor(Builder builder) {
        this.typeId = builder.typeId;
        this.version = builder.version;
        this.kind = builder.kind;
        this.label = builder.label;
        this.description = builder.description;
        this.category = builder.category;
        this.icon = builder.icon;
        this.inputs = List.copyOf(builder.inputs);
        this.outputs = List.copyOf(builder.outputs);
        this.properties = List.copyOf(builder.properties);
        this.credentialTypes = List.copyOf(builder.credentialTypes);
        this.retryPolicy = builder.retryPolicy;
        this.idempotent = builder.idempotent;
        this.loopsBack = builder.loopsBack;
        this.requirements = builder.requirements.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(builder.requirements));
    }

    /**
     * Starts describing an action: one {@code main} input and one {@code main} output unless changed.
     *
     * @param typeId the plugin-scoped type id, e.g. {@code mailgun.send-email}
     * @return a builder
     */
    public static Builder action(String typeId) {
        return new Builder(typeId, NodeKind.ACTION);
    }

    /**
     * Starts describing a trigger: no input and one {@code main} output unless changed.
     *
     * @param typeId the plugin-scoped type id, e.g. {@code core.webhook}
     * @return a builder
     */
    public static Builder trigger(String typeId) {
        return new Builder(typeId, NodeKind.TRIGGER);
    }

    /** @return the plugin-scoped type id */
    public String typeId() {
        return typeId;
    }

    /** @return the version of the node's configuration format, starting at 1 */
    public int version() {
        return version;
    }

    /** @return trigger or action */
    public NodeKind kind() {
        return kind;
    }

    /** @return the palette label */
    public String label() {
        return label;
    }

    /** @return what the node does, one or two sentences */
    public String description() {
        return description;
    }

    /** @return the palette group, e.g. {@code Core}, {@code Email} */
    public String category() {
        return category;
    }

    /** @return an icon name the editor knows, or a data: URL */
    public String icon() {
        return icon;
    }

    /** @return the input ports, in display order */
    public List<Port> inputs() {
        return inputs;
    }

    /** @return the output ports, in display order */
    public List<Port> outputs() {
        return outputs;
    }

    /** @return the configuration properties, in form order */
    public List<Property<?>> properties() {
        return properties;
    }

    /** @return the credential type ids this node accepts; empty if it needs none */
    public List<String> credentialTypes() {
        return credentialTypes;
    }

    /** @return the retry policy used unless the workflow overrides it */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return whether running the node twice with the same input has the effect of running it once */
    public boolean idempotent() {
        return idempotent;
    }

    /**
     * Whether this node may close a cycle in a workflow: it takes items coming back from a loop
     * body (like a "loop over items" node). A cycle without such a node is refused when saving.
     *
     * @return whether edges may lead back into this node
     * @since 1.1
     */
    public boolean loopsBack() {
        return loopsBack;
    }

    /**
     * What the node needs of the host beyond the basic services; a kernel that cannot offer one of
     * them shows the node as unavailable, with the reason, and fails its runs without calling it.
     *
     * @return the host capabilities the node needs; empty for most nodes
     * @since node 1.4.0
     */
    public Set<HostCapability> requirements() {
        return requirements;
    }

    /**
     * The plugin part of the type id ({@code mailgun} in {@code mailgun.send-email}).
     *
     * @return the scope
     */
    public String scope() {
        return typeId.substring(0, typeId.indexOf('.'));
    }

    @Override
    public String toString() {
        return "NodeDescriptor[" + typeId + " v" + version + "]";
    }

    /** Builds a {@link NodeDescriptor}. */
    public static final class Builder {
        private final String typeId;
        private final NodeKind kind;
        private final List<Port> inputs = new ArrayList<>();
        private final List<Port> outputs = new ArrayList<>();
        private final List<Property<?>> properties = new ArrayList<>();
        private final List<String> credentialTypes = new ArrayList<>();
        private boolean portsCustomised;
        private int version = 1;
        private String label;
        private String description = "";
        private String category = "Other";
        private String icon = "box";
        private RetryPolicy retryPolicy = RetryPolicy.NONE;
        private boolean idempotent;
        private boolean loopsBack;
        private final Set<HostCapability> requirements = new HashSet<>();

        private Builder(String typeId, NodeKind kind) {
            this.typeId = IdentifierRules.requireTypeId("node type id", typeId);
            this.kind = kind;
            this.label = typeId;
        }

        /**
         * Sets the configuration format version (default 1).
         *
         * @param version 1 or more
         * @return this builder
         */
        public Builder version(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("version must be 1 or more");
            }
            this.version = version;
            return this;
        }

        /**
         * Sets the palette label.
         *
         * @param label the label
         * @return this builder
         */
        public Builder label(String label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description what the node does
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Sets the palette group.
         *
         * @param category the group
         * @return this builder
         */
        public Builder category(String category) {
            this.category = Objects.requireNonNull(category, "category");
            return this;
        }

        /**
         * Sets the icon.
         *
         * @param icon an icon name or data: URL
         * @return this builder
         */
        public Builder icon(String icon) {
            this.icon = Objects.requireNonNull(icon, "icon");
            return this;
        }

        /**
         * Adds an input port (the first call replaces the default {@code main} input).
         *
         * @param port the port
         * @return this builder
         */
        public Builder input(Port port) {
            customisePorts();
            inputs.add(port);
            return this;
        }

        /**
         * Adds an output port (the first call replaces the default {@code main} output).
         *
         * @param port the port
         * @return this builder
         */
        public Builder output(Port port) {
            customisePorts();
            outputs.add(port);
            return this;
        }

        /**
         * Adds configuration properties, in form order.
         *
         * @param added the properties
         * @return this builder
         */
        public Builder properties(Property<?>... added) {
            properties.addAll(List.of(added));
            return this;
        }

        /**
         * Adds a credential type this node accepts.
         *
         * @param credentialTypeId the credential type's id, e.g. {@code mailgun.api-key}
         * @return this builder
         */
        public Builder credential(String credentialTypeId) {
            credentialTypes.add(Objects.requireNonNull(credentialTypeId, "credentialTypeId"));
            return this;
        }

        /**
         * Sets the default retry policy (default: no retry).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Declares that running the node twice with the same input is harmless.
         *
         * @return this builder
         */
        public Builder idempotent() {
            this.idempotent = true;
            return this;
        }

        /**
         * Declares that edges may lead back into this node, closing a loop.
         *
         * @return this builder
         * @since 1.1
         */
        public Builder loopsBack() {
            this.loopsBack = true;
            return this;
        }

        /**
         * Declares that the node needs a capability of the host, e.g. {@link HostCapability#CODE_SANDBOX}.
         *
         * @param capability the capability
         * @return this builder
         * @since node 1.4.0
         */
        public Builder requires(HostCapability capability) {
            requirements.add(Objects.requireNonNull(capability, "capability"));
            return this;
        }

        private void customisePorts() {
            if (!portsCustomised) {
                portsCustomised = true;
                inputs.clear();
                outputs.clear();
            }
        }

        /**
         * Builds the descriptor.
         *
         * @return the descriptor
         * @throws IllegalStateException if ports or property ids repeat, or a trigger has inputs
         */
        public NodeDescriptor build() {
            if (!portsCustomised) {
                if (kind == NodeKind.ACTION) {
                    inputs.add(Port.mainPort());
                }
                outputs.add(Port.mainPort());
            }
            if (kind == NodeKind.TRIGGER && !inputs.isEmpty()) {
                throw new IllegalStateException("a trigger has no inputs: " + typeId);
            }
            requireUnique(inputs.stream().map(Port::name).toList(), "input port");
            requireUnique(outputs.stream().map(Port::name).toList(), "output port");
            requireUnique(properties.stream().map(Property::id).toList(), "property");
            for (Property<?> property : properties) {
                VisibleWhen condition = property.visibleWhen();
                if (condition != null && properties.stream().noneMatch(p -> p.id().equals(condition.property()))) {
                    throw new IllegalStateException("property '" + property.id() + "' depends on unknown property '"
                            + condition.property() + "'");
                }
            }
            return new NodeDescriptor(this);
        }

        private void requireUnique(List<String> names, String what) {
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                if (!seen.add(name)) {
                    throw new IllegalStateException("duplicate " + what + " '" + name + "' in " + typeId);
                }
            }
        }
    }
}
