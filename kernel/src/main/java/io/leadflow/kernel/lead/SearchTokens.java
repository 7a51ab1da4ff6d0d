package io.leadflow.kernel.lead;

import io.leadflow.kernel.crypto.BlindIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The blind-index tokens a lead is found by: one per normalised email and phone, and one per
 * lower-cased prefix (1 to {@value #MAX_PREFIX} characters) of every word of the first name, last
 * name and company. A search word longer than {@value #MAX_PREFIX} characters is looked up by its
 * first {@value #MAX_PREFIX}, so it may also match longer words sharing them.
 */
final class SearchTokens {
    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String NAME_PREFIX = "name_prefix";
    static final String COMPANY_PREFIX = "company_prefix";
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

    /** Every token of a lead's current values (deduplicated). */
    List<Token> of(LeadData lead) {
        Set<Token> tokens = new LinkedHashSet<>();
        lead.emails().forEach(email -> tokens.add(new Token(EMAIL, email(email))));
        lead.phones().forEach(phone -> tokens.add(new Token(PHONE, phone(phone))));
        for (String name : new String[] {lead.firstName(), lead.lastName()}) {
            prefixes(name).forEach(prefix -> tokens.add(new Token(NAME_PREFIX, index.token(NAME_PREFIX, prefix))));
        }
        prefixes(lead.company()).forEach(prefix ->
                tokens.add(new Token(COMPANY_PREFIX, index.token(COMPANY_PREFIX, prefix))));
        return List.copyOf(tokens);
    }

    byte[] email(String normalised) {
        return index.token(EMAIL, normalised);
    }

    byte[] phone(String normalised) {
        return index.token(PHONE, normalised);
    }

    /** The name and company tokens one search word matches (either suffices). */
    WordTokens word(String word) {
        String prefix = firstCodePoints(word, MAX_PREFIX);
        return new WordTokens(index.token(NAME_PREFIX, prefix), index.token(COMPANY_PREFIX, prefix));
    }

    /** The tokens of one search word: as a name prefix and as a company prefix. */
    record WordTokens(byte[] name, byte[] company) {
    }

    /** Lower-cased words of {@code text}: letters, digits and apostrophes; the rest separates. */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
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
            for (int n = 1; n <= Math.min(MAX_PREFIX, length); n++) {
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
