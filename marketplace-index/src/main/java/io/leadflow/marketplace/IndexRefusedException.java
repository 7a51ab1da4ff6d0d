package io.leadflow.marketplace;

/**
 * An index, a key list or an artifact failed one of the marketplace checks. {@link #check()} names
 * it ({@code signature}, {@code expired}, {@code replayed}, {@code schema}, {@code size},
 * {@code sha256}, {@code incompatible}, {@code yanked}); the message says precisely what was wrong.
 */
public final class IndexRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The signature chain does not hold: unknown, revoked or out-of-window key, or bytes that do not match. */
    public static final String SIGNATURE = "signature";
    /** The index's {@code expiresAt} has passed. */
    public static final String EXPIRED = "expired";
    /** The index's {@code sequence} is not above the highest one already seen. */
    public static final String REPLAYED = "replayed";
    /** A document is not valid JSON, not canonical, or does not match its JSON Schema. */
    public static final String SCHEMA = "schema";
    /** An artifact's byte count differs from the declared size. */
    public static final String SIZE = "size";
    /** An artifact's SHA-256 differs from the declared one. */
    public static final String SHA256 = "sha256";
    /** A release cannot run on this kernel (LeadFlow version or plugin API packages). */
    public static final String INCOMPATIBLE = "incompatible";
    /** A release was withdrawn by its publisher. */
    public static final String YANKED = "yanked";

    private final String check;

    /**
     * @param check the check that failed, one of the constants of this class
     * @param detail what exactly was wrong, for a person
     */
    public IndexRefusedException(String check, String detail) {
        super(detail);
        this.check = check;
    }

    /** The name of the failed check, e.g. {@code signature}. */
    public String check() {
        return check;
    }
}
