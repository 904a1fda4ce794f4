package dev.resvec.nn.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads image files (PNG, JPEG, and the other formats {@code javax.imageio} decodes: BMP, GIF, TIFF) into RGB
 * C×H×W arrays of a fixed square size, for {@link ImageFolder} and for classifying single files.
 *
 * <p>Size: the shorter side is resized to {@code size} (the longer to {@code floor(long · size / short)}, so the
 * aspect ratio is kept), with Pillow's bilinear filter, anti-aliased when shrinking ({@link Resampler}); then
 * the centre {@code size × size} is cut out, its top-left at {@code rint((h − size) / 2)},
 * {@code rint((w − size) / 2)}. This is torchvision's evaluation transform {@code Resize(size)} +
 * {@code CenterCrop(size)}. The values are then rounded to 8 bits, as Pillow's are. {@link #read(Path, int, int)}
 * resizes the shorter side to a larger side first, as ImageNet's evaluation transform does ({@code Resize(256)} +
 * {@code CenterCrop(224)}).
 *
 * <p>Colour: grey images (with or without alpha) have their grey value copied to the three channels, scaled from
 * their bit depth to 0–255 (not passed through Java's grey-to-sRGB conversion, which would brighten them);
 * everything else goes through {@link BufferedImage#getRGB}, which gives sRGB for palette, RGB and other colour
 * models. An alpha channel is ignored (the colour values are kept as they are, not composed over a background).
 */
public final class Images {
    private Images() {}

    /**
     * Reads an image file and brings it to {@code 3 × size × size} floats in [0, 1].
     *
     * @param file the image
     * @param size the side of the result, at least 1
     * @return the image, C×H×W
     * @throws DatasetFormatException when no reader decodes the file or decoding fails
     * @throws IOException            when the file cannot be read
     */
    public static float[] read(Path file, int size) throws IOException {
        return read(file, size, size);
    }

    /**
     * Reads an image file, resizes its shorter side to {@code resize} (aspect ratio kept) and cuts out the centre
     * {@code size × size}: torchvision's {@code Resize(resize)} + {@code CenterCrop(size)}, e.g. 256 and 224 for
     * ImageNet models.
     *
     * @param file   the image
     * @param resize the side the shorter side is resized to, at least {@code size}
     * @param size   the side of the result, at least 1
     * @return the image, C×H×W, floats in [0, 1]
     * @throws IllegalArgumentException when {@code resize < size} or {@code size < 1}
     * @throws DatasetFormatException   when no reader decodes the file or decoding fails
     * @throws IOException              when the file cannot be read
     */
    public static float[] read(Path file, int resize, int size) throws IOException {
        byte[] b = readBytes(file, resize, size);
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = (b[i] & 0xFF) / 255f;
        }
        return f;
    }

    /** @return the image as {@code 3 × size × size} bytes, C×H×W */
    static byte[] readBytes(Path file, int size) throws IOException {
        return readBytes(file, size, size);
    }

    /** @return the image resized to {@code resize} on its shorter side and centre-cropped: 3×size×size bytes */
    static byte[] readBytes(Path file, int resize, int size) throws IOException {
        checkSize(resize, size);
        return toSquare(decode(file), resize, size);
    }

    static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be at least 1, got " + size);
        }
    }

    static void checkSize(int resize, int size) {
        checkSize(size);
        if (resize < size) {
            throw new IllegalArgumentException("the resize side must be at least the crop size " + size + ", got "
                    + resize);
        }
    }

    /** Decodes a file; errors name it. */
    static BufferedImage decode(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        BufferedImage img;
        try {
            img = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(data)));
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file + ": cannot decode the image (" + e + ")", e);
        }
        if (img == null) {
            throw new DatasetFormatException(file + ": not an image that javax.imageio can decode (" + data.length
                    + " bytes; no reader recognises the format)");
        }
        if (img.getWidth() < 1 || img.getHeight() < 1) {
            throw new DatasetFormatException(file + ": the image is " + img.getWidth() + "×" + img.getHeight());
        }
        return img;
    }

    /** Resizes the shorter side to {@code size}, crops the centre, rounds to bytes: 3 planes. */
    static byte[] toSquare(BufferedImage img, int size) {
        return toSquare(img, size, size);
    }

    /** Resizes the shorter side to {@code resize}, crops the centre {@code size × size}, rounds to bytes. */
    static byte[] toSquare(BufferedImage img, int resize, int size) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[][] planes = rgbPlanes(img);
        int outW;
        int outH;
        if (w <= h) {
            outW = resize;
            outH = (int) ((long) resize * h / w);
        } else {
            outH = resize;
            outW = (int) ((long) resize * w / h);
        }
        int top = (int) Math.rint((outH - size) / 2.0);
        int left = (int) Math.rint((outW - size) / 2.0);
        byte[] out = new byte[3 * size * size];
        for (int c = 0; c < 3; c++) {
            float[] r = Resampler.resize(planes[c], w, h, outW, outH);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int v = Math.round(r[(y + top) * outW + x + left]);
                    out[c * size * size + y * size + x] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }

    /** @return the image's red, green and blue planes, values 0–255 */
    static float[][] rgbPlanes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[][] p = new float[3][w * h];
        ColorModel cm = img.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            Raster raster = img.getRaster();
            double max = (1L << cm.getComponentSize(0)) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    float v = (float) Math.rint(row[x] * 255 / max);
                    p[0][y * w + x] = v;
                    p[1][y * w + x] = v;
                    p[2][y * w + x] = v;
                }
            }
            return p;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                p[0][y * w + x] = (argb >> 16) & 0xFF;
                p[1][y * w + x] = (argb >> 8) & 0xFF;
                p[2][y * w + x] = argb & 0xFF;
            }
        }
        return p;
    }
}
