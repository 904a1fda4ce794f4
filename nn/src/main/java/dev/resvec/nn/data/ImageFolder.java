package dev.resvec.nn.data;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * A dataset laid out as one sub-directory of images per class, like torchvision's {@code ImageFolder}:
 * {@code root/cat/001.png}, {@code root/dog/xyz.jpg}, ...
 *
 * <p>Classes are the sub-directories of {@code root} sorted by name (the label of a class is its position in that
 * order); hidden ones (name starting with a dot) are skipped. Each class folder is searched recursively, following
 * links, for regular files whose extension is one of {@link #EXTENSIONS} (any case); other files are ignored, as are
 * hidden files. Images are ordered by class, then by path.
 *
 * <p>Every image is decoded when the dataset is loaded (on the given executor, if any) and kept as bytes at
 * {@code 3 × size × size}: resized so the shorter side is {@code size} and centre-cropped, as {@link Images}
 * describes. So loading a large folder costs memory ({@code 3·size²} bytes an image) and time, and training reads
 * no files.
 *
 * <p>Errors: a missing root, a root without class folders, a class folder without images, a file that cannot be
 * decoded — each names the directory or file.
 */
public final class ImageFolder {
    /** The file extensions read, lower case: those javax.imageio decodes out of the box. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff");

    private ImageFolder() {}

    /**
     * Loads a class-per-folder dataset on the calling thread.
     *
     * @param root the directory holding one sub-directory per class
     * @param size the side of the images, e.g. 32
     * @return the images, 3×size×size, labels by sorted class folder
     * @throws NoSuchFileException    when the root is not a directory
     * @throws DatasetFormatException when there are no class folders, a class folder has no images, or an image
     *                                cannot be decoded
     * @throws IOException            when reading fails
     */
    public static Dataset load(Path root, int size) throws IOException {
        return load(root, size, null);
    }

    /**
     * Loads a class-per-folder dataset, decoding the images on {@code executor} (the result does not depend on
     * it). When several images fail, the error of the first in dataset order is thrown.
     *
     * @param root     the directory holding one sub-directory per class
     * @param size     the side of the images
     * @param executor where to decode, or null for the calling thread
     * @return the images
     * @throws IOException as {@link #load(Path, int)}
     */
    public static Dataset load(Path root, int size, Executor executor) throws IOException {
        return load(root, size, size, executor);
    }

    /**
     * Loads a class-per-folder dataset with each image's shorter side resized to {@code resize} before the centre
     * {@code size × size} is cut out (torchvision's {@code Resize(resize)} + {@code CenterCrop(size)}, e.g. 256 and
     * 224 for ImageNet models); otherwise as {@link #load(Path, int, Executor)}.
     *
     * @param root     the directory holding one sub-directory per class
     * @param resize   the side the shorter side of each image is resized to, at least {@code size}
     * @param size     the side of the images
     * @param executor where to decode, or null for the calling thread
     * @return the images
     * @throws IOException as {@link #load(Path, int)}
     */
    public static Dataset load(Path root, int resize, int size, Executor executor) throws IOException {
        Images.checkSize(resize, size);
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "image folder does not exist or is not a directory");
        }
        List<Path> classDirs = classDirectories(root);
        if (classDirs.isEmpty()) {
            throw new DatasetFormatException(root + " has no class sub-directories (expected one folder of images "
                    + "per class, e.g. " + root.resolve("cat") + "/1.png)");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            Path dir = classDirs.get(c);
            names.add(dir.getFileName().toString());
            List<Path> images = imageFiles(dir);
            if (images.isEmpty()) {
                throw new DatasetFormatException(dir + ": class folder \"" + dir.getFileName()
                        + "\" holds no images (files ending in ." + String.join(", .", sorted(EXTENSIONS)) + ")");
            }
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                labelList.add(c);
            }
        }
        int n = files.size();
        long bytes = 3L * size * size;
        if (bytes * n > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(root + ": " + n + " images of 3×" + size + "×" + size
                    + " do not fit in one array (" + bytes * n + " bytes)");
        }
        byte[] pixels = new byte[(int) (bytes * n)];
        int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
        if (executor == null) {
            for (int i = 0; i < n; i++) {
                decodeInto(files.get(i), resize, size, pixels, i);
            }
        } else {
            List<CompletableFuture<Void>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(CompletableFuture.runAsync(() -> {
                    try {
                        decodeInto(files.get(index), resize, size, pixels, index);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                }, executor));
            }
            for (CompletableFuture<Void> f : futures) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw e;
                }
            }
        }
        return new ByteImageDataset(pixels, labels, names, 3, size, size);
    }

    private static void decodeInto(Path file, int resize, int size, byte[] pixels, int index) throws IOException {
        byte[] img = Images.readBytes(file, resize, size);
        System.arraycopy(img, 0, pixels, index * img.length, img.length);
    }

    private static List<Path> classDirectories(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted(ImageFolder::byName).toList();
        }
    }

    private static List<Path> imageFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(p -> !p.equals(dir) && !hidden(p) && Files.isRegularFile(p) && isImage(p))
                    .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
        }
    }

    private static int byName(Path a, Path b) {
        return a.getFileName().toString().compareTo(b.getFileName().toString());
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
