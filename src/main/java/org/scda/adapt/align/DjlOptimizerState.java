package org.scda.adapt.align;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and restores the state of a DJL optimiser (SGD momentum buffers, Adam moments, the
 * per-parameter and global update counts that drive Adam's bias correction), which DJL 0.36
 * keeps in private fields and never saves. The alignment modules keep DJL's optimisers so that
 * their arithmetic stays exactly DJL's; this class makes them checkpointable instead of
 * re-implementing them. The state is keyed by parameter position, not by DJL's parameter ids
 * (random per process).
 *
 * <p>Layout of the {@link NDList}: one int64 array {@code [numUpdate, count_0 .. count_{n-1}]}
 * (-1: never updated), then per state map of the optimiser's class (in field-name order) one
 * int8 presence array of length n followed by the present parameters' tensors.
 */
final class DjlOptimizerState {
    private static final String COUNTS = "updateCounts";
    private static final String NUM_UPDATE = "numUpdate";

    private DjlOptimizerState() {
    }

    /** The state of {@code optimizer} for {@code params}, as arrays of {@code manager}. */
    static NDList capture(Optimizer optimizer, List<Parameter> params, NDManager manager) {
        Map<String, Integer> counts = field(optimizer, Optimizer.class, COUNTS);
        long[] header = new long[params.size() + 1];
        header[0] = intField(optimizer, NUM_UPDATE);
        for (int i = 0; i < params.size(); i++) {
            Integer c = counts.get(params.get(i).getId());
            header[i + 1] = c == null ? -1 : c;
        }
        NDList out = new NDList(manager.create(header));
        for (Field f : stateMaps(optimizer)) {
            Map<String, Map<Device, NDArray>> states = get(f, optimizer);
            byte[] present = new byte[params.size()];
            List<NDArray> arrays = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                NDArray a = single(states.get(params.get(i).getId()));
                if (a != null) {
                    present[i] = 1;
                    arrays.add(a);
                }
            }
            out.add(manager.create(present));
            out.addAll(arrays);
        }
        return out;
    }

    /**
     * Replaces the state of {@code optimizer} for {@code params} with what {@link #capture}
     * returned for the same parameters; copies of the tensors are attached to {@code manager}.
     */
    static void restore(Optimizer optimizer, List<Parameter> params, NDList state, NDManager manager) {
        long[] header = state.get(0).toLongArray();
        if (header.length != params.size() + 1) {
            throw new IllegalArgumentException("optimizer state for " + (header.length - 1) + " parameters, expected "
                    + params.size());
        }
        Map<String, Integer> counts = field(optimizer, Optimizer.class, COUNTS);
        counts.clear();
        for (int i = 0; i < params.size(); i++) {
            if (header[i + 1] >= 0) {
                counts.put(params.get(i).getId(), (int) header[i + 1]);
            }
        }
        setInt(optimizer, NUM_UPDATE, (int) header[0]);
        int next = 1;
        for (Field f : stateMaps(optimizer)) {
            Map<String, Map<Device, NDArray>> states = get(f, optimizer);
            states.values().forEach(perDevice -> perDevice.values().forEach(NDArray::close));
            states.clear();
            byte[] present = state.get(next++).toByteArray();
            if (present.length != params.size()) {
                throw new IllegalArgumentException("optimizer state " + f.getName() + " covers " + present.length
                        + " parameters, expected " + params.size());
            }
            for (int i = 0; i < params.size(); i++) {
                if (present[i] == 0) {
                    continue;
                }
                NDArray weight = params.get(i).getArray();
                NDArray copy = state.get(next++).duplicate();
                copy.attach(manager);
                if (!copy.getShape().equals(weight.getShape())) {
                    throw new IllegalArgumentException("optimizer state " + f.getName() + " of parameter " + i
                            + " has shape " + copy.getShape() + ", the parameter " + weight.getShape());
                }
                Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
                perDevice.put(weight.getDevice(), copy);
                states.put(params.get(i).getId(), perDevice);
            }
        }
        if (next != state.size()) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " tensors, expected " + next);
        }
    }

    private static NDArray single(Map<Device, NDArray> perDevice) {
        if (perDevice == null || perDevice.isEmpty()) {
            return null;
        }
        if (perDevice.size() > 1) {
            throw new IllegalStateException("optimizer state on several devices: " + perDevice.keySet());
        }
        return perDevice.values().iterator().next();
    }

    /** The optimiser class's own {@code Map<String, Map<Device, NDArray>>} fields, by name. */
    private static List<Field> stateMaps(Optimizer optimizer) {
        List<Field> maps = new ArrayList<>();
        for (Class<?> c = optimizer.getClass(); c != Optimizer.class && c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && Map.class.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    maps.add(f);
                }
            }
        }
        maps.sort((a, b) -> a.getName().compareTo(b.getName()));
        return maps;
    }

    private static <T> T field(Object target, Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return get(f, target);
        } catch (NoSuchFieldException e) {
            throw unsupported(name, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Field f, Object target) {
        try {
            return (T) f.get(target);
        } catch (IllegalAccessException e) {
            throw unsupported(f.getName(), e);
        }
    }

    private static int intField(Optimizer optimizer, String name) {
        try {
            Field f = Optimizer.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.getInt(optimizer);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw unsupported(name, e);
        }
    }

    private static void setInt(Optimizer optimizer, String name, int value) {
        try {
            Field f = Optimizer.class.getDeclaredField(name);
            f.setAccessible(true);
            f.setInt(optimizer, value);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw unsupported(name, e);
        }
    }

    private static IllegalStateException unsupported(String name, Exception cause) {
        return new IllegalStateException("cannot read DJL optimizer field '" + name + "' (written for DJL 0.36): "
                + cause.getMessage(), cause);
    }
}
