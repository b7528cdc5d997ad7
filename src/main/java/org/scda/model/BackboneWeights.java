package org.scda.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.scda.ops.InPlace;
import org.scda.util.ScdaException;

/**
 * Loads pretrained backbone weights from a file; nothing is downloaded.
 * <ul>
 *   <li>{@code .params}: DJL's {@code block.saveParameters} of the same backbone.</li>
 *   <li>{@code .npz}: a torchvision state dict saved with numpy, e.g. for VGG16:
 *   <pre>
 *   import numpy as np, torchvision
 *   sd = torchvision.models.vgg16(weights="IMAGENET1K_V1").features.state_dict()
 *   np.savez("vgg16.npz", **{k: v.numpy() for k, v in sd.items()})
 *   </pre>
 *   Keys like {@code 0.weight}, {@code 0.bias}, {@code 1.running_mean} are taken in layer order
 *   (weight, bias, running_mean, running_var; {@code num_batches_tracked} skipped) and assigned
 *   to the backbone's parameters in order; every shape must match. Layers beyond conv5_3 are
 *   ignored.</li>
 * </ul>
 */
public final class BackboneWeights {
    private static final List<String> SUFFIX_ORDER = List.of("weight", "bias", "running_mean", "running_var");

    private BackboneWeights() {
    }

    /** Loads {@code file} into {@code backbone} (already initialised), returning how many tensors were set. */
    public static int load(Backbone backbone, Path file, NDManager manager) {
        if (!Files.isRegularFile(file)) {
            throw new ScdaException("no backbone weights file " + file);
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (name.endsWith(".params")) {
                backbone.block().loadParameters(manager, new DataInputStream(in));
                return backbone.block().getParameters().size();
            }
            if (name.endsWith(".npz")) {
                return loadStateDict(backbone, NDList.decode(manager, in), file);
            }
        } catch (IOException | MalformedModelException e) {
            throw new ScdaException(file + ": cannot load backbone weights: " + e.getMessage(), e);
        }
        throw new ScdaException(file + ": backbone weights must be a DJL .params file or a numpy .npz state dict");
    }

    private static int loadStateDict(Backbone backbone, NDList tensors, Path file) {
        List<NDArray> ordered = new ArrayList<>();
        tensors.stream().filter(a -> !a.getName().endsWith("num_batches_tracked"))
                .sorted(Comparator.comparingInt((NDArray a) -> layerIndex(a.getName()))
                        .thenComparingInt(a -> SUFFIX_ORDER.indexOf(suffix(a.getName()))))
                .forEach(ordered::add);
        List<Parameter> params = backbone.block().getParameters().values();
        if (ordered.size() < params.size()) {
            throw new ScdaException(file + " holds " + ordered.size() + " tensors, the " + backbone.name()
                    + " backbone needs " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray src = ordered.get(i);
            if (!src.getShape().equals(p.getArray().getShape())) {
                throw new ScdaException(file + ": tensor " + src.getName() + " has shape " + src.getShape()
                        + " but parameter " + p.getName() + " of " + backbone.name() + " needs " + p.getArray().getShape());
            }
            InPlace.copy(src.toType(ai.djl.ndarray.types.DataType.FLOAT32, false), p.getArray());
        }
        return params.size();
    }

    private static int layerIndex(String key) {
        String k = key.startsWith("features.") ? key.substring("features.".length()) : key;
        int dot = k.indexOf('.');
        try {
            return Integer.parseInt(k.substring(0, dot));
        } catch (RuntimeException e) {
            throw new ScdaException("unexpected state-dict key '" + key + "': expected LAYER.weight etc.");
        }
    }

    private static String suffix(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
