package io.leadflow.plugins.mailgun;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text fields of a {@code multipart/form-data} body. Mailgun posts inbound mail this way
 * when it has attachments; the attachments themselves are skipped (only their field names are
 * kept, under {@link #ATTACHMENTS}), since they never travel as items.
 */
final class MultipartForm {

    /** The pseudo-field listing the names of skipped file parts. */
    static final String ATTACHMENTS = "leadflow-attachment-fields";

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename\\*?=");

    private MultipartForm() {
    }

    /** Whether a Content-Type is multipart/form-data. */
    static boolean matches(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * Parses the body.
     *
     * @throws IllegalArgumentException if there is no boundary or the body does not use it
     */
    static Map<String, List<String>> parse(byte[] body, String contentType) {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw new IllegalArgumentException("multipart body without a boundary");
        }
        String boundary = boundaryMatch.group(1) != null ? boundaryMatch.group(1) : boundaryMatch.group(2);
        // ISO-8859-1 maps each byte to one char, so offsets stay byte offsets and UTF-8 parts survive
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int start = text.indexOf(delimiter);
        if (start < 0) {
            throw new IllegalArgumentException("multipart body does not contain its boundary");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int position = start + delimiter.length();
        while (!text.startsWith("--", position)) {
            int headersStart = skipLineBreak(text, position);
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf("\r\n" + delimiter, headersStart);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw new IllegalArgumentException("malformed multipart part");
            }
            String headers = text.substring(headersStart, headersEnd);
            String content = text.substring(headersEnd + 4, next);
            addPart(fields, headers, content);
            position = next + 2 + delimiter.length();
        }
        return fields;
    }

    private static void addPart(Map<String, List<String>> fields, String headers, String content) {
        String disposition = null;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                disposition = line;
            }
        }
        if (disposition == null) {
            return;
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            return;
        }
        String fieldName = utf8(name.group(1));
        if (FILENAME.matcher(disposition).find()) {
            fields.computeIfAbsent(ATTACHMENTS, n -> new ArrayList<>()).add(fieldName);
        } else {
            fields.computeIfAbsent(fieldName, n -> new ArrayList<>()).add(utf8(content));
        }
    }

    private static int skipLineBreak(String text, int position) {
        return text.startsWith("\r\n", position) ? position + 2 : position;
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
