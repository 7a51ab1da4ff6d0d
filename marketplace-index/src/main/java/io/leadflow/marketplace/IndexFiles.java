package io.leadflow.marketplace;

/**
 * The four files of an index location, as bytes: the signature covers exactly these bytes, so they
 * are never re-encoded before verification.
 *
 * @param index {@code index.json}
 * @param indexSig {@code index.json.sig}
 * @param keys {@code keys.json}
 * @param keysSig {@code keys.json.sig}
 */
public record IndexFiles(byte[] index, byte[] indexSig, byte[] keys, byte[] keysSig) {
    /** The file names, in the order of the components. */
    public static final String INDEX = "index.json";
    /** The detached signature of {@link #INDEX}. */
    public static final String INDEX_SIG = "index.json.sig";
    /** The signing-key list. */
    public static final String KEYS = "keys.json";
    /** The detached root signature of {@link #KEYS}. */
    public static final String KEYS_SIG = "keys.json.sig";
}
