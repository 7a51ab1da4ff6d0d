package io.leadflow.plugins.meta;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>}
 * over the exact bytes Meta sent. The body must never be parsed and re-serialised before the check
 * (key order, spaces and escapes such as {@code \u00e9} change the bytes).
 */
public final class HubSignature {
    /** The header Meta signs with. */
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private HubSignature() {
    }

    /**
     * The header value Meta would send for {@code body}.
     *
     * @param appSecret the app secret
     * @param body the raw body
     * @return {@code sha256=<hex>}
     */
    public static String of(String appSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Checks a header against the raw body, in constant time.
     *
     * @param appSecret the app secret
     * @param body the raw body as received
     * @param header the header's value, or null
     * @return whether it is Meta's signature of exactly these bytes
     */
    public static boolean valid(String appSecret, byte[] body, String header) {
        if (header == null || appSecret == null || appSecret.isEmpty() || !header.trim().startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = of(appSecret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
