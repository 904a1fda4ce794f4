package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GEMM alternation runs both sides on an odd shape (both products are checked inside), and its figures are
 * consistent: positive times and per-round ratios in order; the median of an even count is the mean of the middle
 * two. Bad arguments get an error naming them.
 */
class AlternationTest {
    @Test
    void alternatesResVecWithAJavaPeer() {
        Alternation.Outcome o = GemmAlternation.compare("ejml", "auto", 1, 17, 23, 19, 3, 1, 5);
        assertTrue(o.oursMillis() > 0 && o.theirsMillis() > 0, o.toString());
        assertTrue(0 < o.lowestRatio() && o.lowestRatio() <= o.medianRatio()
                && o.medianRatio() <= o.highestRatio(), o.toString());
    }

    @Test
    void theMedianRatioOfTwoRoundsIsTheirMean() {
        // ours: 1 ms a call; theirs: 2 ms, then 4 ms (two counted rounds): ratios 2 and 4
        int[] theirCalls = {0};
        Alternation.Outcome o = Alternation.compare(() -> sleep(1), () -> sleep(theirCalls[0]++ == 0 ? 2 : 4), 2,
                0, 1);
        assertTrue(o.lowestRatio() < o.medianRatio() && o.medianRatio() < o.highestRatio(), o.toString());
        assertTrue(Math.abs(o.medianRatio() - (o.lowestRatio() + o.highestRatio()) / 2) < 1e-9, o.toString());
    }

    @Test
    void theOtherSideIsChosenPerRound() {
        // round r calls peer r % 2; each round holds at least one call of each side
        int[] calls = new int[2];
        java.util.List<Integer> order = new java.util.ArrayList<>();
        Alternation.compare(() -> sleep(1), round -> () -> {
            calls[round % 2]++;
            if (order.isEmpty() || order.getLast() != round) {
                order.add(round);
            }
            sleep(1);
        }, 4, 1, 1);
        assertEquals(java.util.List.of(0, 1, 2, 3), order);
        assertTrue(calls[0] >= 2 && calls[1] >= 2, java.util.Arrays.toString(calls));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badCountsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Alternation.compare(() -> { }, () -> { }, 2, 2, 5));
        assertTrue(e.getMessage().contains("rounds 2, skip 2, roundMillis 5"), e.getMessage());
    }

    @Test
    void inferenceArgumentsAreChecked(@TempDir Path dir) throws Exception {
        Path onnx = Files.writeString(dir.resolve("m.onnx"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InferenceAlternation.check("vgg", onnx))
                .getMessage().contains("got 'vgg'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InferenceAlternation.check("resnet18", dir.resolve("none.onnx"))).getMessage()
                .contains("none.onnx"));
        InferenceAlternation.check("resnet50", onnx);
        InferenceAlternation.check("resnet18", null); // no ONNX Runtime row
        for (String bad : new String[] {"two", "0", "-3"}) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> Alternation.positive(new String[] {bad}, 0, "BATCH")).getMessage()
                    .contains("BATCH must be an integer >= 1, got '" + bad + "'"));
        }
        assertEquals(8, Alternation.positive(new String[] {"8"}, 0, "BATCH"));
    }
}
