package dev.resvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class folders, decoding, colour, the resize-and-centre-crop geometry, and every error naming its file. */
class ImageFolderTest {
    @TempDir
    Path root;

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** Writes a w×h RGB image whose pixel (x, y) is {@code colour.applyAsInt(x, y)}. */
    private static Path write(Path file, String format, int w, int h, IntBinaryOperator colour) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, colour.applyAsInt(x, y));
            }
        }
        assertTrue(ImageIO.write(img, format, file.toFile()));
        return file;
    }

    private static int pattern(int x, int y) {
        return rgb((x * 5 + y) & 0xFF, (y * 7 + 3) & 0xFF, (x * 11 + y * 13) & 0xFF);
    }

    private static float[] image(Dataset d, int index) {
        float[] img = new float[d.imageElements()];
        d.get(index, img, 0);
        return img;
    }

    /** Channel c of pixel (x, y) of a C×size×size image, back in 0–255. */
    private static int at(float[] img, int size, int c, int x, int y) {
        return Math.round(img[c * size * size + y * size + x] * 255);
    }

    @Test
    void classesAreSortedFolderNamesAndOnlyImagesCount() throws IOException {
        write(root.resolve("b_dog/x.png"), "png", 32, 32, ImageFolderTest::pattern);
        write(root.resolve("b_dog/y.jpg"), "jpg", 32, 32, (x, y) -> rgb(200, 100, 50));
        write(root.resolve("a_cat/sub/2.png"), "png", 32, 32, (x, y) -> rgb(1, 2, 3));
        write(root.resolve("a_cat/1.png"), "png", 32, 32, (x, y) -> rgb(4, 5, 6));
        write(root.resolve("a_cat/.hidden.png"), "png", 32, 32, (x, y) -> rgb(7, 8, 9));
        write(root.resolve(".git/z.png"), "png", 32, 32, (x, y) -> 0);
        Files.writeString(root.resolve("a_cat/readme.txt"), "not an image");
        Files.writeString(root.resolve("notes.txt"), "not a class");
        Dataset d = ImageFolder.load(root, 32);
        assertEquals(List.of("a_cat", "b_dog"), d.classNames());
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {3, 32, 32}, d.imageShape());
        assertArrayEquals(new int[] {0, 0, 1, 1}, new int[] {d.label(0), d.label(1), d.label(2), d.label(3)});
        assertEquals(4, at(image(d, 0), 32, 0, 5, 5), "a_cat/1.png sorts before a_cat/sub/2.png");
        assertEquals(1, at(image(d, 1), 32, 0, 5, 5));
        float[] png = image(d, 2);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int expected = (pattern(x, y) >> (16 - 8 * c)) & 0xFF;
                    assertEquals(expected / 255f, png[c * 1024 + y * 32 + x], "PNG is lossless: c" + c + " " + x
                            + "," + y);
                }
            }
        }
        float[] jpg = image(d, 3);
        int[] flat = {200, 100, 50};
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 1024; p++) {
                assertEquals(flat[c], jpg[c * 1024 + p] * 255, 4, "JPEG of a flat colour, channel " + c);
            }
        }
    }

    @Test
    void widerAndTallerImagesAreCentreCropped() throws IOException {
        // 40×32: the shorter side is already 32, so no resampling; the crop starts at column (40 − 32) / 2 = 4
        write(root.resolve("a/wide.png"), "png", 40, 32, ImageFolderTest::pattern);
        // 32×45: rows start at rint(13 / 2) = 6 (half to even, as Python's round in torchvision's center_crop)
        write(root.resolve("b/tall.png"), "png", 32, 45, ImageFolderTest::pattern);
        Dataset d = ImageFolder.load(root, 32);
        float[] wide = image(d, 0);
        float[] tall = image(d, 1);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals((pattern(x + 4, y) >> 8) & 0xFF, at(wide, 32, 1, x, y));
                assertEquals(pattern(x, y + 6) & 0xFF, at(tall, 32, 2, x, y));
            }
        }
    }

    @Test
    void upscalingInterpolatesBetweenPixelCentresAndRepeatsEdges() throws IOException {
        // 2×2 → 4×4: output centres at 0.25, 0.75, 1.25, 1.75 in input pixels, whose centres are at 0.5 and 1.5:
        // weights of the first input pixel 1, 3/4, 1/4, 0 (clamped at the edges); values chosen so every result is
        // an integer
        int[][] v = {{0, 160}, {64, 240}};
        write(root.resolve("a/2x2.png"), "png", 2, 2, (x, y) -> rgb(v[y][x], v[y][x], 0));
        double[] w = {1, 0.75, 0.25, 0};
        float[] img = image(ImageFolder.load(root, 4), 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                double e = w[y] * (w[x] * v[0][0] + (1 - w[x]) * v[0][1])
                        + (1 - w[y]) * (w[x] * v[1][0] + (1 - w[x]) * v[1][1]);
                assertEquals((int) e, at(img, 4, 0, x, y), "x " + x + ", y " + y);
                assertEquals(0, at(img, 4, 2, x, y));
            }
        }
    }

    @Test
    void downscalingAveragesOverTheWidenedFilter() throws IOException {
        // a horizontal ramp 4x over 64×64, halved: a symmetric, normalised filter keeps a linear function, so an
        // interior output i (centred on input x = 2i + 0.5) is 4·(2i + 0.5) = 8i + 2
        write(root.resolve("a/ramp.png"), "png", 64, 64, (x, y) -> rgb(4 * x, 4 * x, 4 * x));
        float[] img = image(ImageFolder.load(root, 32), 0);
        for (int y = 0; y < 32; y++) {
            for (int x = 1; x < 31; x++) {
                assertEquals(8 * x + 2, at(img, 32, 0, x, y), "x " + x + ", y " + y);
            }
        }
    }

    @Test
    void greyImagesKeepTheirValues() throws IOException {
        BufferedImage g = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                g.getRaster().setSample(x, y, 0, x * 8);
            }
        }
        Path f = root.resolve("a/grey.png");
        Files.createDirectories(f.getParent());
        assertTrue(ImageIO.write(g, "png", f.toFile()));
        float[] img = Images.read(f, 32);
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(x * 8 / 255f, img[c * 1024 + 7 * 32 + x], "channel " + c + ", x " + x);
            }
        }
    }

    @Test
    void parallelLoadingGivesTheSameDataset() throws IOException {
        for (int k = 0; k < 12; k++) {
            int kk = k;
            write(root.resolve("c" + (k % 3) + "/" + k + ".png"), "png", 30 + k, 33, (x, y) -> pattern(x + kk, y));
        }
        Dataset seq = ImageFolder.load(root, 16);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Dataset par = ImageFolder.load(root, 16, pool);
            assertEquals(12, par.size());
            for (int i = 0; i < 12; i++) {
                assertArrayEquals(image(seq, i), image(par, i));
                assertEquals(seq.label(i), par.label(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void errorsNameTheDirectoryOrFile() throws IOException {
        Path missing = root.resolve("missing");
        assertTrue(assertThrows(NoSuchFileException.class, () -> ImageFolder.load(missing, 32)).getMessage()
                .contains(missing.toString()));
        Files.writeString(root.resolve("loose.png"), "x");
        assertTrue(assertThrows(DatasetFormatException.class, () -> ImageFolder.load(root, 32)).getMessage()
                .startsWith(root + " has no class sub-directories"));
        write(root.resolve("cat/ok.png"), "png", 8, 8, (x, y) -> 0);
        Files.createDirectories(root.resolve("dog"));
        Files.writeString(root.resolve("dog/notes.txt"), "x");
        String empty = assertThrows(DatasetFormatException.class, () -> ImageFolder.load(root, 32)).getMessage();
        assertEquals(root.resolve("dog") + ": class folder \"dog\" holds no images (files ending in .bmp, .gif, "
                + ".jpeg, .jpg, .png, .tif, .tiff)", empty);
        Path garbage = root.resolve("dog/garbage.png");
        Files.writeString(garbage, "this is not a PNG file");
        String undecodable = assertThrows(DatasetFormatException.class, () -> ImageFolder.load(root, 32))
                .getMessage();
        assertTrue(undecodable.startsWith(garbage + ": not an image that javax.imageio can decode"), undecodable);
        byte[] png = Files.readAllBytes(write(root.resolve("dog/full.png"), "png", 32, 32, ImageFolderTest::pattern));
        Files.delete(root.resolve("dog/full.png"));
        Files.write(garbage, Arrays.copyOf(png, png.length / 2));
        String truncated = assertThrows(DatasetFormatException.class, () -> ImageFolder.load(root, 32))
                .getMessage();
        assertTrue(truncated.startsWith(garbage + ": cannot decode the image"), truncated);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertTrue(assertThrows(DatasetFormatException.class, () -> ImageFolder.load(root, 32, pool))
                    .getMessage().startsWith(garbage.toString()), "the same error from the parallel path");
        } finally {
            pool.shutdown();
        }
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, 0));
    }
}
