package io.leadflow.plugins.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's {@code X-Twilio-Signature}: Base64 of HMAC-SHA1, keyed with the account's auth token,
 * over the full URL Twilio requested (query included) followed by every POST parameter's name and
 * value, names sorted, with no separators.
 */
final class TwilioSignature {
    private TwilioSignature() {
    }

    /** The signature Twilio sends for a request to {@code url} with these form parameters. */
    static String of(String authToken, String url, Map<String, List<String>> parameters) {
        StringBuilder signed = new StringBuilder(url);
        for (Map.Entry<String, List<String>> parameter : new TreeMap<>(parameters).entrySet()) {
            List<String> values = new ArrayList<>(parameter.getValue());
            values.sort(null); // a repeated name: each value, in order, as Twilio's helpers do
            for (String value : values) {
                signed.append(parameter.getKey()).append(value);
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** Whether {@code signature} is Twilio's for this request; compared in constant time. */
    static boolean valid(String authToken, String url, Map<String, List<String>> parameters, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] expected = of(authToken, url, parameters).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
