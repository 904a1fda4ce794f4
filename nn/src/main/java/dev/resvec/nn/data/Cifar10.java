package dev.resvec.nn.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CIFAR-10 dataset in its binary version (Krizhevsky, "Learning Multiple Layers of Features from Tiny Images",
 * 2009; the files of {@code cifar-10-binary.tar.gz} from https://www.cs.toronto.edu/~kriz/cifar.html).
 *
 * <p>Format: each file is a sequence of 3073-byte records, 10 000 per file in the original: one label byte (0–9),
 * then 3072 pixel bytes — the 1024 red values of the 32×32 image row by row, then the 1024 green, then the 1024
 * blue. The training part is {@code data_batch_1.bin} … {@code data_batch_5.bin}, the test part
 * {@code test_batch.bin}; {@code batches.meta.txt}, where present, names the classes one per line. Images are read
 * into memory as bytes (150 MB for the training part) and returned as {@code byte / 255f}, C×H×W = 3×32×32.
 *
 * <p>Errors name the file and, for a bad label, the record and its byte offset: a file whose size is not a multiple
 * of 3073 ({@code data_batch_1.bin has 30731 bytes, not a multiple of 3073}), an empty file, a label above 9, a
 * directory without the expected files, a {@code batches.meta.txt} that does not hold ten names.
 */
public final class Cifar10 {
    /** The bytes of one record: a label and 3×32×32 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    /** The class names, in label order, used when the directory has no {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static final int PIXELS = RECORD_BYTES - 1;
    private static final Pattern TRAIN_FILE = Pattern.compile("data_batch_(\\d+)\\.bin");
    private static final String TEST_FILE = "test_batch.bin";
    private static final String META_FILE = "batches.meta.txt";
    private static final String EXTRACTED_DIR = "cifar-10-batches-bin";
    /** Records read per chunk of the file channel. */
    private static final int CHUNK_RECORDS = 256;

    /** Which files of the directory to read. */
    public enum Part {
        /** {@code data_batch_N.bin} for every N present, in increasing N (50 000 images in the original). */
        TRAIN,
        /** {@code test_batch.bin} (10 000 images). */
        TEST
    }

    private Cifar10() {}

    /**
     * Reads one part of the CIFAR-10 binary files in a directory (or in its {@code cifar-10-batches-bin}
     * sub-directory, where the archive unpacks to).
     *
     * @param dir  the directory
     * @param part the part to read
     * @return the images, with the class names of {@code batches.meta.txt} where present, else {@link #CLASS_NAMES}
     * @throws NoSuchFileException     when the directory or the part's files do not exist
     * @throws DatasetFormatException  when a file is malformed
     * @throws IOException             when reading fails
     */
    public static Dataset load(Path dir, Part part) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "CIFAR-10 directory does not exist or is not a "
                    + "directory");
        }
        Path base = dir;
        if (files(dir, part).isEmpty() && Files.isDirectory(dir.resolve(EXTRACTED_DIR))) {
            base = dir.resolve(EXTRACTED_DIR);
        }
        List<Path> files = files(base, part);
        if (files.isEmpty()) {
            String expected = part == Part.TRAIN ? "data_batch_1.bin … data_batch_5.bin" : TEST_FILE;
            throw new NoSuchFileException(dir.toString(), null, "no CIFAR-10 " + part.name().toLowerCase()
                    + " files here: expected " + expected + " (the binary version, cifar-10-binary.tar.gz)");
        }
        return read(files, classNames(base));
    }

    /**
     * Reads CIFAR-10 binary files, in the given order.
     *
     * @param files      the files
     * @param classNames the names of the 10 classes
     * @return their images
     * @throws DatasetFormatException when a file is malformed
     * @throws IOException            when reading fails
     */
    public static Dataset read(List<Path> files, List<String> classNames) throws IOException {
        if (classNames.size() != CLASS_NAMES.size()) {
            throw new IllegalArgumentException("Cifar10.read: CIFAR-10 has 10 classes, got " + classNames.size()
                    + " names");
        }
        long total = 0;
        long[] sizes = new long[files.size()];
        for (int f = 0; f < files.size(); f++) {
            Path p = files.get(f);
            long size = Files.size(p);
            if (size == 0) {
                throw new DatasetFormatException(p + " is empty, expected records of " + RECORD_BYTES + " bytes");
            }
            if (size % RECORD_BYTES != 0) {
                throw new DatasetFormatException(p + " has " + size + " bytes, not a multiple of " + RECORD_BYTES
                        + " (a CIFAR-10 record is 1 label byte and 3072 pixel bytes; truncated or not a CIFAR-10 "
                        + "binary file)");
            }
            sizes[f] = size;
            total += size / RECORD_BYTES;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(files + " hold " + total + " images, more than one array holds ("
                    + (Integer.MAX_VALUE - 8) / PIXELS + ")");
        }
        byte[] pixels = new byte[(int) (total * PIXELS)];
        int[] labels = new int[(int) total];
        int image = 0;
        for (int f = 0; f < files.size(); f++) {
            image = readFile(files.get(f), sizes[f], pixels, labels, image);
        }
        return new ByteImageDataset(pixels, labels, classNames, 3, 32, 32);
    }

    /** Reads one file's records from image {@code first} on; returns the next image index. */
    private static int readFile(Path p, long size, byte[] pixels, int[] labels, int first) throws IOException {
        int records = (int) (size / RECORD_BYTES);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_RECORDS * RECORD_BYTES);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            int done = 0;
            while (done < records) {
                int n = Math.min(CHUNK_RECORDS, records - done);
                buf.clear().limit(n * RECORD_BYTES);
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new DatasetFormatException(p + " ended after " + ((long) done * RECORD_BYTES
                                + buf.position()) + " bytes, expected " + size + " (changed while being read)");
                    }
                }
                buf.flip();
                for (int r = 0; r < n; r++) {
                    int record = done + r;
                    int label = buf.get() & 0xFF;
                    if (label >= CLASS_NAMES.size()) {
                        throw new DatasetFormatException(p + " record " + record + " (byte offset "
                                + (long) record * RECORD_BYTES + "): label " + label + " is not a CIFAR-10 class "
                                + "(0..9)");
                    }
                    labels[first + record] = label;
                    buf.get(pixels, (first + record) * PIXELS, PIXELS);
                }
                done += n;
            }
        }
        return first + records;
    }

    private static List<Path> files(Path dir, Part part) throws IOException {
        if (part == Part.TEST) {
            Path p = dir.resolve(TEST_FILE);
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        Map<Integer, Path> byNumber = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = TRAIN_FILE.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p) && m.group(1).length() < 9) {
                    byNumber.put(Integer.parseInt(m.group(1)), p);
                }
            }
        }
        return new ArrayList<>(byNumber.values());
    }

    private static List<String> classNames(Path dir) throws IOException {
        Path meta = dir.resolve(META_FILE);
        if (!Files.isRegularFile(meta)) {
            return CLASS_NAMES;
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != CLASS_NAMES.size()) {
            throw new DatasetFormatException(meta + " names " + names.size() + " classes, expected 10 (one name per "
                    + "line)");
        }
        return names;
    }
}
