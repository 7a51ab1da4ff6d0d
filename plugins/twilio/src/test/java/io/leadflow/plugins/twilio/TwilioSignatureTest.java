package io.leadflow.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {
    // Twilio's published example ("Validating signatures from Twilio", the helper libraries' tests)
    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static Map<String, List<String>> parameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("To", List.of("+18005551212"));
        parameters.put("From", List.of("+14158675309"));
        parameters.put("Digits", List.of("1234"));
        parameters.put("CallSid", List.of("CA1234567890ABCDE"));
        parameters.put("Caller", List.of("+14158675309"));
        return parameters;
    }

    @Test
    void matchesTwiliosPublishedTestVector() {
        assertThat(TwilioSignature.of(TOKEN, URL, parameters())).isEqualTo(SIGNATURE);
        assertThat(TwilioSignature.valid(TOKEN, URL, parameters(), SIGNATURE)).isTrue();
    }

    @Test
    void refusesAnyChangeToTheUrlTheParametersOrTheKey() {
        Map<String, List<String>> changed = parameters();
        changed.put("Digits", List.of("1235"));
        assertThat(TwilioSignature.valid(TOKEN, URL, changed, SIGNATURE)).isFalse();
        Map<String, List<String>> added = parameters();
        added.put("Extra", List.of(""));
        assertThat(TwilioSignature.valid(TOKEN, URL, added, SIGNATURE)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL.replace("foo=1", "foo=2"), parameters(), SIGNATURE)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, "http://mycompany.com/myapp.php?foo=1&bar=2", parameters(), SIGNATURE))
                .isFalse();
        assertThat(TwilioSignature.valid("54321", URL, parameters(), SIGNATURE)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, parameters(), null)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, parameters(), "")).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, parameters(), SIGNATURE.toLowerCase())).isFalse();
    }

    @Test
    void theOrderParametersArriveInDoesNotMatter() {
        Map<String, List<String>> reversed = new LinkedHashMap<>();
        List<String> names = List.copyOf(parameters().keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.put(names.get(i), parameters().get(names.get(i)));
        }
        assertThat(TwilioSignature.valid(TOKEN, URL, reversed, SIGNATURE)).isTrue();
    }
}
