package org.scda.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the torchvision goldens written by {@code src/test/python/make_ops_goldens.py}. */
final class Goldens {

    private Goldens() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Goldens.class.getResourceAsStream("/golden/ops/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    /** The upstream gradient the script used: {@code (((i * 37) % 11) - 5) / 5}. */
    static float[] upstream(int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (((i * 37L) % 11) - 5) / 5f;
        }
        return g;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            float d = Math.abs(a[i] - b[i]);
            if (!(d <= max)) {
                max = Float.isNaN(d) && Float.isNaN(a[i]) && Float.isNaN(b[i]) ? max : (Float.isNaN(d) ? Float.POSITIVE_INFINITY : d);
            }
        }
        return max;
    }
}
