package io.leadflow.kernel.lead;

import io.leadflow.kernel.crypto.BlindIndex;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The blind-index tokens a lead is found by: one per normalised email and phone ({@code lead_search}),
 * and one word token per distinct lower-cased prefix ({@value #MIN_PREFIX} to {@value #MAX_PREFIX}
 * characters) of every word of the first name, last name and company ({@code lead_word}), one kind
 * for names and company alike. A search word longer than {@value #MAX_PREFIX} characters is looked up
 * by its first {@value #MAX_PREFIX}, so it may also match longer words sharing them; a one-character
 * word is not searchable (it would match a large share of all leads and tells nothing apart).
 *
 * <p>A word token is the first 8 bytes of the prefix's HMAC: a {@code bigint} keeps the index small,
 * and two of the few million distinct prefixes sharing 64 bits is too unlikely to matter (it would
 * add a stray lead to a search, never expose one).
 */
final class SearchTokens {
    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String WORD = "word";
    static final int MIN_PREFIX = 2;
    static final int MAX_PREFIX = 10;

    private final BlindIndex index;

    SearchTokens(BlindIndex index) {
        this.index = index;
    }

    /** One row of {@code lead_search}. */
    record Token(String kind, byte[] token) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Token that && kind.equals(that.kind) && Arrays.equals(token, that.token);
        }

        @Override
        public int hashCode() {
            return 31 * kind.hashCode() + Arrays.hashCode(token);
        }

        @Override
        public String toString() {
            return "Token[" + kind + "]";
        }
    }

    /** The email and phone tokens of a lead's current values (deduplicated). */
    List<Token> contacts(LeadData lead) {
        Set<Token> tokens = new LinkedHashSet<>();
        lead.emails().forEach(email -> tokens.add(new Token(EMAIL, email(email))));
        lead.phones().forEach(phone -> tokens.add(new Token(PHONE, phone(phone))));
        return List.copyOf(tokens);
    }

    /** The word tokens of a lead's names and company (deduplicated). */
    List<Long> words(LeadData lead) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String text : new String[] {lead.firstName(), lead.lastName(), lead.company()}) {
            prefixes.addAll(prefixes(text));
        }
        List<Long> tokens = new ArrayList<>(prefixes.size());
        prefixes.forEach(prefix -> tokens.add(wordToken(prefix)));
        return tokens;
    }

    byte[] email(String normalised) {
        return index.token(EMAIL, normalised);
    }

    byte[] phone(String normalised) {
        return index.token(PHONE, normalised);
    }

    /** Whether {@code word} is long enough to be searched by ({@value #MIN_PREFIX} characters). */
    static boolean searchable(String word) {
        return word.codePointCount(0, word.length()) >= MIN_PREFIX;
    }

    /** The token a search word is found by, in names and companies alike. */
    long word(String word) {
        return wordToken(firstCodePoints(word, MAX_PREFIX));
    }

    private long wordToken(String prefix) {
        return ByteBuffer.wrap(index.token(WORD, prefix)).getLong();
    }

    /** Lower-cased words of {@code text}: letters, digits and apostrophes; the rest separates. */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        // NFC: a query typed with combining accents finds a name stored precomposed, and back
        String composed = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
        for (String word : composed.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static Set<String> prefixes(String text) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String word : words(text)) {
            int length = word.codePointCount(0, word.length());
            for (int n = MIN_PREFIX; n <= Math.min(MAX_PREFIX, length); n++) {
                prefixes.add(firstCodePoints(word, n));
            }
        }
        return prefixes;
    }

    private static String firstCodePoints(String word, int n) {
        int length = word.codePointCount(0, word.length());
        return length <= n ? word : word.substring(0, word.offsetByCodePoints(0, n));
    }
}
