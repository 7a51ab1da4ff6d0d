package io.leadflow.testkit;

import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.KeyValueStore;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.api.node.Messages;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.trigger.TriggerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The run a node, trigger or channel sees in a test, offered as a {@link NodeContext}
 * ({@link #asNodeContext()}), {@link TriggerContext} ({@link #asTriggerContext()}) or
 * {@link ChannelContext} ({@link #asChannelContext()}). Build it with {@link #builder()}; inspect
 * {@link #logger()}, {@link #stateStore()}, {@link #leadStore()} and {@link #messages()} afterwards.
 */
public final class TestContext {
    private final String workflowId;
    private final String executionId;
    private final String nodeId;
    private final String idempotencyKey;
    private final int attempt;
    private final NodeConfig config;
    private final Credential credential;
    private final RecordingLogger logger = new RecordingLogger();
    private final HttpClient http;
    private final InMemoryState state;
    private final InMemoryLeads leads;
    private final RecordingMessages messages;

    private TestContext(Builder builder) {
        this.workflowId = builder.workflowId;
        this.executionId = builder.executionId;
        this.nodeId = builder.nodeId;
        this.idempotencyKey = builder.idempotencyKey;
        this.attempt = builder.attempt;
        this.config = NodeConfig.of(builder.config);
        this.credential = builder.credential;
        this.http = builder.http;
        this.state = builder.state;
        this.leads = builder.leads;
        this.messages = builder.messages;
    }

    /** @return a builder with test defaults (ids {@code wf-1}, {@code ex-1}, {@code node-1}) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the workflow id the run sees ({@code wf-1} unless set with {@link Builder#ids}) */
    public String workflowId() {
        return workflowId;
    }

    /** @return the execution id the run sees ({@code ex-1} unless set) */
    public String executionId() {
        return executionId;
    }

    /** @return the node id the run sees ({@code node-1} unless set) */
    public String nodeId() {
        return nodeId;
    }

    /** @return the idempotency key the run sees: {@code <execution>:<node>:1} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** @return the attempt number the run sees (1 unless set) */
    public int attempt() {
        return attempt;
    }

    /** @return the configuration given to the builder */
    public NodeConfig config() {
        return config;
    }

    /** @return the credential, if one was given */
    public Optional<Credential> optionalCredential() {
        return Optional.ofNullable(credential);
    }

    /** @return the logger, which keeps every line for assertions */
    public RecordingLogger logger() {
        return logger;
    }

    /** @return the HTTP client (the JDK's, unguarded, unless set) */
    public HttpClient http() {
        return http;
    }

    /** @return the plugin state the run sees */
    public KeyValueStore state() {
        return state;
    }

    /** @return the in-memory state, for assertions */
    public InMemoryState stateStore() {
        return state;
    }

    /** @return the lead access the run sees */
    public LeadAccess leads() {
        return leads;
    }

    /** @return the in-memory leads, for assertions */
    public InMemoryLeads leadStore() {
        return leads;
    }

    /** @return the recorded lead messaging, for assertions */
    public RecordingMessages messages() {
        return messages;
    }

    /** @return a view of this context as a node run sees it (credential optional) */
    public NodeContext asNodeContext() {
        return new RunView();
    }

    /** @return a view of this context as a trigger sees it (credential optional) */
    public TriggerContext asTriggerContext() {
        return new RunView();
    }

    /** Nodes and triggers see the same things; channels see a mandatory credential instead. */
    private final class RunView implements NodeContext, TriggerContext {
        @Override
        public String workflowId() {
            return workflowId;
        }

        @Override
        public String executionId() {
            return executionId;
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public String idempotencyKey() {
            return idempotencyKey;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public NodeConfig config() {
            return config;
        }

        @Override
        public Optional<Credential> credential() {
            return optionalCredential();
        }

        @Override
        public RecordingLogger logger() {
            return logger;
        }

        @Override
        public HttpClient http() {
            return http;
        }

        @Override
        public KeyValueStore state() {
            return state;
        }

        @Override
        public LeadAccess leads() {
            return leads;
        }

        @Override
        public Messages messages() {
            return messages;
        }
    }

    /** @return a view of this context as a channel sees it; a channel always has a credential */
    public ChannelContext asChannelContext() {
        TestContext self = this;
        return new ChannelContext() {
            @Override
            public Credential credential() {
                if (self.credential == null) {
                    throw new IllegalStateException("this TestContext has no credential");
                }
                return self.credential;
            }

            @Override
            public HttpClient http() {
                return self.http;
            }

            @Override
            public RecordingLogger logger() {
                return self.logger;
            }
        };
    }

    /** Builds a {@link TestContext}. */
    public static final class Builder {
        private final Map<String, Object> config = new LinkedHashMap<>();
        private String workflowId = "wf-1";
        private String executionId = "ex-1";
        private String nodeId = "node-1";
        private String idempotencyKey = "ex-1:node-1:1";
        private int attempt = 1;
        private Credential credential;
        private HttpClient http = new JdkHttpClient();
        private InMemoryState state = new InMemoryState();
        private InMemoryLeads leads = new InMemoryLeads();
        private RecordingMessages messages = new RecordingMessages();

        private Builder() {
        }

        /**
         * Sets one configuration value.
         *
         * @param property the property id
         * @param value a plain JSON value
         * @return this builder
         */
        public Builder config(String property, Object value) {
            config.put(property, value);
            return this;
        }

        /**
         * Sets configuration values.
         *
         * @param values property ids to plain JSON values
         * @return this builder
         */
        public Builder config(Map<String, Object> values) {
            config.putAll(values);
            return this;
        }

        /**
         * Sets the credential.
         *
         * @param value the credential
         * @return this builder
         */
        public Builder credential(Credential value) {
            this.credential = value;
            return this;
        }

        /**
         * Sets the HTTP client (default: the JDK's, unguarded).
         *
         * @param value the client
         * @return this builder
         */
        public Builder http(HttpClient value) {
            this.http = value;
            return this;
        }

        /**
         * Sets the ids.
         *
         * @param workflow the workflow id
         * @param execution the execution id
         * @param node the node id
         * @return this builder
         */
        public Builder ids(String workflow, String execution, String node) {
            this.workflowId = workflow;
            this.executionId = execution;
            this.nodeId = node;
            this.idempotencyKey = execution + ":" + node + ":1";
            return this;
        }

        /**
         * Sets the attempt number.
         *
         * @param value 1 or more
         * @return this builder
         */
        public Builder attempt(int value) {
            this.attempt = value;
            return this;
        }

        /**
         * Shares state between contexts (e.g. two polls).
         *
         * @param value the state
         * @return this builder
         */
        public Builder state(InMemoryState value) {
            this.state = value;
            return this;
        }

        /**
         * Shares leads between contexts.
         *
         * @param value the leads
         * @return this builder
         */
        public Builder leads(InMemoryLeads value) {
            this.leads = value;
            return this;
        }

        /**
         * Sets the lead messaging (default: a {@link RecordingMessages} that accepts every send).
         *
         * @param value the messaging
         * @return this builder
         */
        public Builder messages(RecordingMessages value) {
            this.messages = value;
            return this;
        }

        /** @return the context */
        public TestContext build() {
            return new TestContext(this);
        }
    }
}
