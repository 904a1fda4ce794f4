package dev.resvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built byte by byte per Krizhevsky (2009): 1 label byte, then 1024 red, 1024 green, 1024 blue bytes. */
class Cifar10Test {
    @TempDir
    Path dir;

    /** The pixel byte of record {@code r} of file {@code f}, channel c, row y, column x: an arbitrary pattern. */
    private static int pixel(int f, int r, int c, int y, int x) {
        return (f * 71 + r * 13 + c * 89 + y * 7 + x * 3) & 0xFF;
    }

    private static byte[] records(int f, int... labels) {
        byte[] b = new byte[labels.length * 3073];
        int p = 0;
        for (int r = 0; r < labels.length; r++) {
            b[p++] = (byte) labels[r];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        b[p++] = (byte) pixel(f, r, c, y, x);
                    }
                }
            }
        }
        return b;
    }

    private static void assertImage(Dataset d, int index, int f, int r, int label) {
        float[] img = new float[3 * 32 * 32 + 2];
        assertEquals(label, d.get(index, img, 2));
        assertEquals(label, d.label(index));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(pixel(f, r, c, y, x) / 255f, img[2 + c * 1024 + y * 32 + x],
                            "image " + index + " c" + c + " y" + y + " x" + x);
                }
            }
        }
    }

    @Test
    void readsTheTrainingBatchesInNumericOrderAndTheTestBatch() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(1, 3, 0));
        Files.write(dir.resolve("data_batch_2.bin"), records(2, 9));
        Files.write(dir.resolve("data_batch_10.bin"), records(10, 4));
        Files.write(dir.resolve("test_batch.bin"), records(0, 7, 1, 2));
        Files.write(dir.resolve("readme.html"), new byte[5]);
        Dataset train = Cifar10.load(dir, Cifar10.Part.TRAIN);
        assertEquals(4, train.size());
        assertEquals(Cifar10.CLASS_NAMES, train.classNames());
        assertEquals(List.of(3, 32, 32), java.util.Arrays.stream(train.imageShape()).boxed().toList());
        assertImage(train, 0, 1, 0, 3);
        assertImage(train, 1, 1, 1, 0);
        assertImage(train, 2, 2, 0, 9);
        assertImage(train, 3, 10, 0, 4);
        Dataset test = Cifar10.load(dir, Cifar10.Part.TEST);
        assertEquals(3, test.size());
        assertImage(test, 2, 0, 2, 2);
    }

    @Test
    void classNamesFromBatchesMetaAndTheUnpackedSubdirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
        Files.write(sub.resolve("test_batch.bin"), records(0, 5));
        Files.writeString(sub.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        Dataset test = Cifar10.load(dir, Cifar10.Part.TEST);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), test.classNames());
        assertImage(test, 0, 0, 0, 5);
        Files.writeString(sub.resolve("batches.meta.txt"), "a\nb\n", StandardCharsets.UTF_8);
        assertEquals(sub.resolve("batches.meta.txt") + " names 2 classes, expected 10 (one name per line)",
                assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, Cifar10.Part.TEST)).getMessage());
    }

    @Test
    void aTruncatedFileNamesItsSize() throws IOException {
        Path f = dir.resolve("data_batch_1.bin");
        // ten records and one stray byte
        Files.write(f, java.util.Arrays.copyOf(records(1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0), 30731));
        String msg = assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, Cifar10.Part.TRAIN))
                .getMessage();
        assertTrue(msg.startsWith(f + " has 30731 bytes, not a multiple of 3073"), msg);
        Files.write(f, new byte[0]);
        assertEquals(f + " is empty, expected records of 3073 bytes",
                assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, Cifar10.Part.TRAIN)).getMessage());
    }

    @Test
    void aLabelAboveNineNamesTheRecordAndItsOffset() throws IOException {
        Path f = dir.resolve("test_batch.bin");
        Files.write(f, records(0, 1, 12, 3));
        assertEquals(f + " record 1 (byte offset 3073): label 12 is not a CIFAR-10 class (0..9)",
                assertThrows(DatasetFormatException.class, () -> Cifar10.load(dir, Cifar10.Part.TEST)).getMessage());
    }

    @Test
    void missingDirectoryOrFiles() throws IOException {
        Path none = dir.resolve("nowhere");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10.load(none, Cifar10.Part.TRAIN));
        assertTrue(e.getMessage().contains(none.toString()), e.getMessage());
        Files.write(dir.resolve("test_batch.bin"), records(0, 1));
        String msg = assertThrows(NoSuchFileException.class, () -> Cifar10.load(dir, Cifar10.Part.TRAIN))
                .getMessage();
        assertTrue(msg.contains("no CIFAR-10 train files here: expected data_batch_1.bin … data_batch_5.bin"), msg);
        assertTrue(msg.contains(dir.toString()), msg);
        Files.delete(dir.resolve("test_batch.bin"));
        Files.write(dir.resolve("data_batch_1.bin"), records(1, 1));
        assertTrue(assertThrows(NoSuchFileException.class, () -> Cifar10.load(dir, Cifar10.Part.TEST)).getMessage()
                .contains("expected test_batch.bin"));
    }

    @Test
    void manyRecordsAcrossReadChunks() throws IOException {
        int n = 600; // more than one 256-record chunk
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
        }
        Files.write(dir.resolve("data_batch_1.bin"), records(1, labels));
        Dataset d = Cifar10.load(dir, Cifar10.Part.TRAIN);
        assertEquals(n, d.size());
        assertImage(d, 0, 1, 0, 0);
        assertImage(d, 255, 1, 255, labels[255]);
        assertImage(d, 256, 1, 256, labels[256]);
        assertImage(d, 599, 1, 599, labels[599]);
    }
}
