package org.scda.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.scda.util.ScdaException;

/**
 * Test helper: the methods scda's compiled classes call, read from the class files' constant
 * pools, so that a test can hold that no class calls a DJL method known to misbehave.
 */
public final class MethodReferences {
    private MethodReferences() {
    }

    /** A called method: owner and descriptor as in class files ({@code ai/djl/ndarray/NDArray}, {@code (F)V}). */
    public record Call(String owner, String name, String descriptor) {
        @Override
        public String toString() {
            return owner + "." + name + descriptor;
        }
    }

    /** Each main class file of scda (path relative to the classes directory) with the methods it refers to. */
    public static Map<String, List<Call>> ofScdaClasses() throws IOException {
        Path classes;
        try {
            classes = Path.of(ScdaException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Map<String, List<Call>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")).sorted()::iterator) {
                try (InputStream in = Files.newInputStream(f)) {
                    out.put(classes.relativize(f).toString(), of(new DataInputStream(in)));
                }
            }
        }
        return out;
    }

    /** The methods (and interface methods) a class file's constant pool refers to. */
    public static List<Call> of(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        List<Call> calls = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] != 10 && tags[i] != 11) {
                continue;
            }
            int[] nameAndType = refs[refs[i][1]];
            calls.add(new Call(utf8[refs[refs[i][0]][0]], utf8[nameAndType[0]], utf8[nameAndType[1]]));
        }
        return calls;
    }
}
