package io.leadflow.kernel.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming CSV and JSON splitters of the lead import. */
class ImportRecordReaderTest {

    private static List<ImportRecord> csv(String text, int max) {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(text), max);
        List<ImportRecord> all = new ArrayList<>();
        for (ImportRecord record = reader.next(); record != null; record = reader.next()) {
            all.add(record);
        }
        return all;
    }

    private static List<ImportRecord> json(String text, int max) {
        JsonRecordReader reader = new JsonRecordReader(new StringReader(text), max);
        List<ImportRecord> all = new ArrayList<>();
        for (ImportRecord record = reader.next(); record != null; record = reader.next()) {
            all.add(record);
        }
        return all;
    }

    @Test
    void csvQuotesLineBreaksBlankLinesAndCrlf() {
        List<ImportRecord> records = csv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\n\"multi\nline\",\nlast,row", 100);
        assertThat(records).extracting(ImportRecord::row).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(1).cells()).containsExactly("x, y", "say \"hi\"");
        assertThat(records.get(2).cells()).containsExactly("multi\nline", "");
        assertThat(records.get(3).cells()).containsExactly("last", "row");
    }

    @Test
    void csvTooLongRowIsSkippedToItsEndEvenAcrossQuotedLineBreaks() {
        String huge = "x".repeat(500);
        List<ImportRecord> records = csv("h\n\"" + huge + "\n" + huge + "\",z\nok\n", 100);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).unreadable()).contains("longer than 100");
        assertThat(records.get(1).cells()).isNull();
        assertThat(records.get(2).cells()).containsExactly("ok");
    }

    @Test
    void csvUnclosedQuoteAndStrayQuoteAreReported() {
        assertThat(csv("h\na\"b\n", 100).get(1).unreadable()).contains("quote");
        assertThat(csv("h\n\"open\n", 100).get(1).unreadable()).contains("not closed");
    }

    @Test
    void jsonArrayElementsHonourStringsAndNesting() {
        List<ImportRecord> records = json(" [ {\"a\":\"] , }\",\"b\":[1,{\"c\":2}]} ,\n {\"d\":\"\\\"\"}, 7 ] ", 1000);
        assertThat(records).extracting(ImportRecord::json)
                .containsExactly("{\"a\":\"] , }\",\"b\":[1,{\"c\":2}]}", "{\"d\":\"\\\"\"}", "7");
        assertThat(json("[]", 10)).isEmpty();
        assertThat(json("[{\"a\":1}", 100).get(1).unreadable()).contains("not closed");
        assertThat(json("[{\"a\":1}] x", 100).get(1).unreadable()).contains("after the end");
    }

    @Test
    void jsonTooLongElementAndNdjsonLine() {
        String huge = "y".repeat(300);
        List<ImportRecord> array = json("[{\"a\":\"" + huge + "\"},{\"b\":1}]", 100);
        assertThat(array.get(0).unreadable()).contains("longer than 100");
        assertThat(array.get(1).json()).isEqualTo("{\"b\":1}");
        List<ImportRecord> lines = json("{\"a\":1}\n\n{\"a\":\"" + huge + "\"}\n{\"c\":3}", 100);
        assertThat(lines).extracting(ImportRecord::row).containsExactly(1L, 3L, 4L);
        assertThat(lines.get(1).unreadable()).contains("longer than 100");
        assertThat(lines.get(2).json()).isEqualTo("{\"c\":3}");
    }
}
