package io.leadflow.kernel.lead;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Brings emails and phone numbers to the one form they are stored, compared and indexed in, so
 * that "Ada@Example.COM " and "Ada@example.com" are the same address and "(202) 555-0143" and
 * "+1 202 555 0143" the same number.
 *
 * <ul>
 *   <li>Email: trimmed; the domain lower-cased; the local part kept as written (RFC 5321 lets a
 *       server treat it case-sensitively, and we do not guess provider rules such as dots or
 *       {@code +tags}). Valid by JMail's strict rules (RFC 5321/5322 syntax, a top-level domain,
 *       no IP-literal domain, no source route, no quoted local part), at most 254 characters.</li>
 *   <li>Phone: parsed by libphonenumber, numbers without a leading {@code +} read in the default
 *       region, and kept only when valid, as E.164 ({@code +12025550143}).</li>
 * </ul>
 */
final class ContactNormalizer {
    // quoted local parts are legal but let through characters no provider accepts
    private static final EmailValidator EMAILS = JMail.strictValidator().disallowQuotedIdentifiers();
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\(?[0-9][0-9 ().\\-/]{4,30}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    ContactNormalizer(String defaultRegion) {
        if (!PHONES.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "' (ISO 3166 alpha-2, e.g. US)");
        }
        this.defaultRegion = defaultRegion;
    }

    /** The normalised address, or empty if {@code raw} is not an email address. */
    Optional<String> email(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        // NFC before the blind index: a look-alike spelling of the same address is the same address
        String trimmed = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFC).trim();
        int at = trimmed.lastIndexOf('@');
        if (trimmed.length() > 254 || at <= 0 || at != trimmed.indexOf('@')) {
            return Optional.empty();
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
        String address = local + "@" + domain;
        return EMAILS.isValid(address) ? Optional.of(address) : Optional.empty();
    }

    /** The E.164 form, or empty if {@code raw} is not a valid phone number. */
    Optional<String> phone(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = PHONES.parse(raw.trim(), defaultRegion);
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The national significant number of a normalised (E.164) phone, as digits, e.g. 6502530000. */
    static String nationalDigits(String e164) {
        try {
            return Long.toString(PHONES.parse(e164, "ZZ").getNationalNumber());
        } catch (NumberParseException e) {
            return e164.replaceAll("\\D", "");
        }
    }

    /** Whether a search text is worth trying as a phone number (digits and phone punctuation). */
    static boolean looksLikePhone(String text) {
        return PHONE_LIKE.matcher(text.trim()).matches();
    }
}
