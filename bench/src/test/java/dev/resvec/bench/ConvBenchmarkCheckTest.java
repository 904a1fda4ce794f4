package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.ConvErrorBound;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConvBenchmark}'s check of a trial's result: the real result passes, a result perturbed by a few times the
 * algorithm's {@link ConvErrorBound#relative} bound (far inside the old loose {@code 2e-3·Σ|terms|}) fails, in
 * every direction; and the forward trial's measured error is the error against the double direct convolution.
 */
class ConvBenchmarkCheckTest {
    private static final String LAYER = "3x3_16-16_8";

    private static ConvBenchmark.Problem trial(String direction, String algorithm) {
        ConvBenchmark.Conv3x3 p = new ConvBenchmark.Conv3x3();
        p.init("dev.resvec.bench.ConvBenchmark.conv3x3_" + direction, LAYER, algorithm, 1, 1, 0);
        switch (direction) {
            case "forward" -> p.forward();
            case "forwardUnprepared" -> p.forwardUnprepared();
            case "backwardData" -> p.backwardData();
            default -> p.backwardFilter();
        }
        return p;
    }

    @Test
    void theCheckPassesTheResultAndFailsItPerturbedByFourTimesTheBound() {
        for (String algorithm : List.of("WINOGRAD_F4X4_3X3", "WINOGRAD_F2X2_3X3", "IM2COL_GEMM")) {
            for (String direction : ConvBenchmark.DIRECTIONS) {
                ConvBenchmark.Problem p = trial(direction, algorithm);
                String who = algorithm + " " + direction;
                double worst = assertDoesNotThrow(() -> p.check(p.result()), who);
                double eps = ConvErrorBound.relative(p.shape, p.algorithm, p.boundDirection());
                assertTrue(worst <= eps, who + ": " + worst + " > " + eps);
                assertTrue(eps < 2e-3 / 4, who + ": the bound " + eps + " is no tighter than the old one");

                // the first element (always checked) moved by 4·ε·Σ|terms|: outside the bound
                float[] bad = p.result().clone();
                double sum = switch (direction) {
                    case "forward", "forwardUnprepared" -> ConvBenchmark.Reference.output(p.shape, p.in, p.w, 0)[1];
                    case "backwardData" -> ConvBenchmark.Reference.inputGradient(p.shape, p.gradOut, p.w, 0)[1];
                    default -> ConvBenchmark.Reference.filterGradient(p.shape, p.in, p.gradOut, 0)[1];
                };
                bad[0] += (float) (4 * eps * sum);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(bad), who);
                assertTrue(e.getMessage().contains("wrong at element 0"), e.getMessage());
                assertTrue(e.getMessage().contains("ConvErrorBound.relative"), e.getMessage());
            }
        }
    }

    @Test
    void theMeasuredErrorIsTheWorstErrorOfTheFirstImageAndWithinTheBound() {
        for (String algorithm : List.of("WINOGRAD_F4X4_3X3", "WINOGRAD_F2X2_3X3", "IM2COL_GEMM")) {
            ConvBenchmark.Problem p = trial("forward", algorithm);
            double measured = p.measuredError();
            double eps = ConvErrorBound.relative(p.shape, p.algorithm, ConvErrorBound.Direction.FORWARD);
            assertTrue(measured > 0 && measured <= eps, algorithm + ": " + measured + " not in (0, " + eps + "]");
            // a perturbed element shows in it: the measured error is the worst over every element
            int last = p.out.length - 1;
            double sum = ConvBenchmark.Reference.output(p.shape, p.in, p.w, last)[1];
            p.out[last] += (float) (100 * eps * sum);
            assertTrue(p.measuredError() > 50 * eps, algorithm + ": " + p.measuredError());
        }
    }

    /**
     * With {@value ConvBenchmark#ERROR_FILE} set, each forward trial (prepared or not) appends its measured error
     * with its parameters, the thread count it was set up with included; a backward trial appends nothing.
     */
    @Test
    void forwardTrialsAppendTheirMeasuredErrorWithTheirParameters(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("errors.txt");
        ConvBenchmark.Problem p = trial("forward", "IM2COL_GEMM");
        ConvBenchmark.Conv3x3 twoThreads = new ConvBenchmark.Conv3x3();
        twoThreads.init("dev.resvec.bench.ConvBenchmark.conv3x3_forwardUnprepared", LAYER, "WINOGRAD_F4X4_3X3", 2, 2,
                0);
        twoThreads.forwardUnprepared();
        System.setProperty(ConvBenchmark.ERROR_FILE, file.toString());
        try {
            p.verify();
            p.verify();
            twoThreads.verify();
            trial("backwardData", "IM2COL_GEMM").verify();
        } finally {
            System.clearProperty(ConvBenchmark.ERROR_FILE);
        }
        List<ConvErrors.Entry> entries = ConvErrors.read(file);
        assertEquals(3, entries.size(), entries.toString());
        for (ConvErrors.Entry e : entries.subList(0, 2)) {
            assertEquals(ConvErrors.key(LAYER, "IM2COL_GEMM", 1, 1, "forward"), e.key());
            assertEquals(p.measuredError(), e.error(), p.measuredError() * 1e-3);
        }
        ConvErrors.Entry last = entries.get(2);
        assertEquals(ConvErrors.key(LAYER, "WINOGRAD_F4X4_3X3", 2, 2, "forwardUnprepared"), last.key());
        assertEquals(twoThreads.measuredError(), last.error(), twoThreads.measuredError() * 1e-3);
    }
}
