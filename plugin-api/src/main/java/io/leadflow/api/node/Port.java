package io.leadflow.api.node;


/**
 * A named input or output of a node. Edges connect an output port to an input port by these names.
 *
 * @param name the stable name edges refer to (e.g. {@code main}, {@code true}, {@code error})
 * @param label what the editor shows
 * @param error whether this output receives the node's failures instead of its results
 */
public record Port(String name, String label, boolean error) {

    /** The default port of a node with a single input or output. */
    public static final String MAIN = "main";
    /** The conventional name of an error output. */
    public static final String ERROR = "error";

    /**
     * Validates the port.
     *
     * @param name the port's name
     * @param label the port's label
     * @param error whether it is an error port
     */
    public Port {
        IdentifierRules.requirePortName(name);
        label = label == null ? name : label;
    }

    /**
     * A regular port.
     *
     * @param name the port's name
     * @param label the port's label
     * @return the port
     */
    public static Port of(String name, String label) {
        return new Port(name, label, false);
    }

    /**
     * The single default port.
     *
     * @return a port named {@link #MAIN}
     */
    public static Port mainPort() {
        return new Port(MAIN, "", false);
    }

    /**
     * The output that receives this node's failures when connected.
     *
     * @return a port named {@link #ERROR}
     */
    public static Port errorPort() {
        return new Port(ERROR, "Error", true);
    }
}
