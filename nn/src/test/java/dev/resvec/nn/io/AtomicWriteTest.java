package dev.resvec.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails part way (a crash, as far as the file is concerned) leaves the old file and nothing else. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path oldCheckpoint() throws IOException {
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.randn(DType.FLOAT32, 11, 4, 4)), Map.of("epoch", "1"));
        return p;
    }

    @Test
    void writeCreatesAndReplacesLeavingOnlyTheTarget() throws IOException {
        Path p = oldCheckpoint();
        assertEquals(List.of("model.safetensors"), listing());
        Map<String, Tensor> next = Map.of("w", Tensor.randn(DType.FLOAT32, 12, 4, 4));
        SafeTensors.write(p, next, Map.of("epoch", "2"));
        assertEquals(List.of("model.safetensors"), listing());
        assertArrayEquals(next.get("w").toFloatArray(), SafeTensors.read(p).get("w").toFloatArray());
        assertEquals(Map.of("epoch", "2"), SafeTensors.readMetadata(p));
    }

    @Test
    void bodyFailingMidWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path p = oldCheckpoint();
        byte[] before = Files.readAllBytes(p);
        IOException io = new IOException("disk full (simulated)");
        assertSame(io, assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[4096])); // some bytes reach the temporary file first
            throw io;
        })));
        IllegalStateException unchecked = new IllegalStateException("crash (simulated)");
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[100]));
            throw unchecked;
        })));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void valueThatDoesNotFitItsDtypeMidWriteLeavesTheOldFile() throws IOException {
        Path p = oldCheckpoint();
        byte[] before = Files.readAllBytes(p);
        // "a" (F64) is written first, then "n" fails at its second element: header and data are already in the
        // temporary file when the error comes
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("n", Tensor.fromArray(new float[] {1, 0.5f}, 2));
        t.put("a", Tensor.randn(DType.FLOAT64, 3, 1000));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, t, Map.of(),
                Map.of("n", SafeTensorsDType.I32)));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void mapThatThrowsWhileIteratedLeavesTheOldFile() throws IOException {
        Path p = oldCheckpoint();
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> broken = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Tensor>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Tensor>> iterator() {
                        return new Iterator<>() {
                            private int i;

                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Entry<String, Tensor> next() {
                                if (i++ == 1) {
                                    throw new IllegalStateException("state dict changed under us (simulated)");
                                }
                                return Map.entry("w" + i, Tensor.ones(2));
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return 3;
                    }
                };
            }
        };
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(p, broken, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void failingStreamReportsItsError() {
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 64) {
                    throw new IOException("connection reset (simulated)");
                }
            }
        };
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(failing,
                Map.of("w", Tensor.randn(DType.FLOAT32, 5, 100)), Map.of()));
        assertEquals("connection reset (simulated)", e.getMessage());
    }

    @Test
    void missingDirectoryIsAnErrorAndCreatesNothing() throws IOException {
        Path p = dir.resolve("no/such/dir/model.safetensors");
        assertThrows(NoSuchFileException.class, () -> SafeTensors.write(p, Map.of("w", Tensor.ones(1)), Map.of()));
        assertEquals(List.of(), listing());
    }
}
