package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/plugin-development.md honest: every Java block in it is marked with the file of this
 * example it is taken from ({@code <!-- snippet: src/... -->} on the line before), and must appear
 * there line for line (indentation aside; a line {@code ...} skips over code). The files compile
 * and are tested here, so every snippet a reader copies compiles.
 */
class GuideSnippetsTest {
    private static final Path GUIDE = Path.of("..", "plugin-development.md");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->");

    record Snippet(int line, String language, String source, List<String> lines) {
    }

    @Test
    void everyJavaSnippetOfTheGuideIsCodeOfThisExample() throws IOException {
        List<Snippet> snippets = snippets(Files.readAllLines(GUIDE));
        assertThat(snippets).filteredOn(snippet -> snippet.language().equals("java")).hasSizeGreaterThan(5)
                .allSatisfy(snippet -> assertThat(snippet.source())
                        .as("the java block at line %d of the guide names no source", snippet.line()).isNotNull());
        for (Snippet snippet : snippets) {
            if (snippet.source() == null) {
                continue;
            }
            List<String> file = normalised(Files.readAllLines(Path.of(snippet.source())));
            int from = 0;
            for (List<String> chunk : chunks(snippet.lines())) {
                int found = indexOf(file, chunk, from);
                assertThat(found).as("block at line %d of the guide: %s not found in %s after line %d",
                        snippet.line(), chunk, snippet.source(), from).isNotNegative();
                from = found + chunk.size();
            }
        }
    }

    @Test
    void theCheckNoticesASnippetThatDriftedFromTheCode() {
        List<String> file = normalised(List.of("class A {", "    int x = 1;", "}"));
        assertThat(indexOf(file, normalised(List.of("int x = 1;")), 0)).isEqualTo(1);
        assertThat(indexOf(file, normalised(List.of("int x = 2;")), 0)).isNegative();
        assertThat(chunks(List.of("class A {", "...", "}"))).containsExactly(List.of("class A {"), List.of("}"));
    }

    private static List<Snippet> snippets(List<String> guide) {
        List<Snippet> found = new ArrayList<>();
        String source = null;
        for (int i = 0; i < guide.size(); i++) {
            String line = guide.get(i);
            Matcher marker = MARKER.matcher(line.trim());
            if (marker.matches()) {
                source = marker.group(1);
            } else if (line.startsWith("```") && line.length() > 3) {
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; i < guide.size() && !guide.get(i).startsWith("```"); i++) {
                    body.add(guide.get(i));
                }
                found.add(new Snippet(start + 1, line.substring(3).trim(), source, body));
                source = null;
            } else if (!line.isBlank()) {
                source = null;
            }
        }
        return found;
    }

    private static List<List<String>> chunks(List<String> snippet) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : normalised(snippet)) {
            if (line.equals("...") || line.equals("// ...")) {
                if (!current.isEmpty()) {
                    chunks.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private static List<String> normalised(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static int indexOf(List<String> file, List<String> chunk, int from) {
        for (int start = from; start + chunk.size() <= file.size(); start++) {
            if (file.subList(start, start + chunk.size()).equals(chunk)) {
                return start;
            }
        }
        return -1;
    }
}
