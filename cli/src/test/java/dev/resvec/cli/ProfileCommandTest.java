package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileCommandTest {

    @Test
    void printsOneRowPerOperationAndTheTotal() {
        Run r = run("profile", "--arch", "cifar-resnet8", "--width", "4", "--batch", "2", "--threads", "1",
                "--warmup", "0", "--runs", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("cifar-resnet8 width 4, 10 classes, 32×32, batch 2, 1 thread"), r.out());
        // stem, three stages of one basic block (two convolutions each, and a projection in stages 2 and 3), the
        // global average pool and fc
        List<String> rows = r.out().lines()
                .filter(l -> l.matches("^\\s+[0-9.]+\\s+[0-9.]+ .*") && !l.contains("total:")
                        && !l.contains("medians summed")).toList();
        assertEquals(1 + 2 + 3 + 3 + 1 + 1, rows.size(), r.out());
        assertTrue(rows.get(0).contains("conv1+bn1: conv 3x32x32 * 4x3x3x3"), rows.get(0));
        assertTrue(rows.get(rows.size() - 1).contains("fc: linear 16 -> 10"), r.out());
        assertTrue(r.out().contains("total: median of 3 calls, batch 2, 1 thread"), r.out());
        assertTrue(r.out().contains("the operations' medians summed"), r.out());
    }

    @Test
    void jsonHasTheOperationsAndTheirMultiplyAdds() throws Exception {
        Run r = run("profile", "--arch", "cifar-resnet8", "--width", "4", "--threads", "1", "--warmup", "0",
                "--runs", "2", "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<String> names = new ArrayList<>();
        long macs = 0, total = -1;
        try (JsonParser p = new JsonFactory().createParser(r.out())) {
            String field = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if ("name".equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
                    names.add(p.getText());
                } else if ("multiplyAdds".equals(field) && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    if (total < 0) {
                        total = p.getLongValue(); // the profile's own sum comes first
                    } else {
                        macs += p.getLongValue();
                    }
                }
            }
        }
        assertEquals(11, names.size(), r.out());
        assertEquals(total, macs, r.out());
        // stem 4·3·9·32², stage 1: 2·4·4·9·32², stage 2 (8 channels, 16²): 8·4·9 + 8·8·9 + 8·4 per
        // pixel, stage 3 (16 channels, 8²): 16·8·9 + 16·16·9 + 16·8 per pixel, fc 16·10
        long expected = 4L * 27 * 1024 + 2L * 4 * 4 * 9 * 1024
                + (8L * 4 * 9 + 8 * 8 * 9 + 8 * 4) * 256
                + (16L * 8 * 9 + 16 * 16 * 9 + 16 * 8) * 64
                + 16 * 10;
        assertEquals(expected, total, r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run arch = run("profile", "--arch", "vgg16");
        assertEquals(2, arch.exitCode());
        assertTrue(arch.err().contains("--arch") && arch.err().contains("'vgg16'"), arch.err());
        Run batch = run("profile", "--batch", "0");
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().contains("--batch': expected 1 to 1024, got 0"), batch.err());
        Run runs = run("profile", "--runs", "0");
        assertEquals(2, runs.exitCode());
        assertTrue(runs.err().contains("--runs"), runs.err());
        Run threads = run("profile", "--threads", "0");
        assertEquals(2, threads.exitCode());
        assertTrue(threads.err().contains("--threads': expected at least 1, got 0"), threads.err());
        Run warmup = run("profile", "--warmup", "-1");
        assertEquals(2, warmup.exitCode());
        assertTrue(warmup.err().contains("--warmup"), warmup.err());
    }

    @Test
    void sizesOutOfRangeAreUsageErrors() {
        for (String size : new String[] {"0", "1025"}) {
            Run r = run("profile", "--image-size", size);
            assertEquals(2, r.exitCode(), r.out());
            assertTrue(r.err().contains("--image-size': expected 1 to 1024, got " + size), r.err());
        }
        for (String width : new String[] {"0", "1025"}) {
            Run r = run("profile", "--width", width);
            assertEquals(2, r.exitCode(), r.out());
            assertTrue(r.err().contains("--width': expected 1 to 1024, got " + width), r.err());
        }
        Run classes = run("profile", "--classes", "0");
        assertEquals(2, classes.exitCode(), classes.out());
        assertTrue(classes.err().contains("--classes': expected 1 to 100000, got 0"), classes.err());
    }

    @Test
    void aBatchTooLargeForAnArrayOrTheHeapIsAUsageErrorBeforeAnyCall() {
        // 1024 images of 3×1024×1024: 3.2·10⁹ floats, more than an array holds
        Run r = run("profile", "--arch", "cifar-resnet8", "--width", "4", "--batch", "1024", "--image-size", "1024",
                "--warmup", "0", "--runs", "1");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("--batch': 1024 images of cifar-resnet8 at 1024×1024 need about"), r.err());
        assertTrue(r.err().contains("lower --batch or --image-size"), r.err());
    }
}
