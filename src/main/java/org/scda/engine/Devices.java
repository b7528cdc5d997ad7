package org.scda.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The device a run asks for, {@code cpu} or {@code gpu}, checked before anything is loaded or
 * written, so that a run that cannot have its device fails in one line naming what is missing
 * rather than after its data is loaded and its folder made. {@code gpu} needs PyTorch natives
 * built with CUDA and a GPU libtorch can see; the default build ships CPU natives only, and a
 * build with {@code -Pcuda} loads DJL's CUDA 12.8 natives (README "On a GPU").
 */
public final class Devices {
    /** The names a config's {@code device} may take. */
    public static final List<String> NAMES = List.of("cpu", "gpu");

    /** Where a user is sent for the GPU set-up. */
    static final String HELP = "see README 'On a GPU'";

    private static final List<String> CUDA_LIBRARIES = List.of("libtorch_cuda.so", "torch_cuda.dll", "libc10_cuda.so");

    private Devices() {
    }

    /**
     * What the loaded PyTorch natives offer.
     *
     * @param cudaBuild  whether they were built with CUDA (their folder holds libtorch's CUDA library)
     * @param cudaUsable whether libtorch itself finds a GPU ({@code torch::cuda::is_available()})
     * @param gpuCount   the GPUs DJL counts, 0 when unknown: DJL asks the system's libcudart, which
     *                   a machine with only the driver lacks while libtorch's own still works
     * @param location   the folder they were loaded from
     */
    public record Natives(boolean cudaBuild, boolean cudaUsable, int gpuCount, String location) {

        /**
         * The engine's natives (starts the engine when it has not started yet).
         *
         * @throws DeviceUnavailableException when the engine cannot start, saying so after {@code askedBy}
         */
        static Natives loaded(String askedBy) {
            Engine engine;
            try {
                engine = Engine.getInstance();
            } catch (EngineException e) {
                // a -Pcuda build has no natives in its jar: DJL fetches them on first start, or fails offline
                throw new DeviceUnavailableException(askedBy + ": the PyTorch engine did not start (" + oneLine(e)
                        + "); a -Pcuda build loads its CUDA natives when it first starts: DJL_OFFLINE=false"
                        + " PYTORCH_FLAVOR=cu128 downloads them once, or name a libtorch folder with"
                        + " PYTORCH_LIBRARY_PATH, " + HELP);
            }
            boolean usable = engine.hasCapability(StandardCapabilities.CUDA);
            String dir = LibUtils.getLibtorchPath();
            boolean cuda = CUDA_LIBRARIES.stream().anyMatch(lib -> Files.exists(Path.of(dir, lib)));
            return new Natives(cuda, usable, usable ? engine.getGpuCount() : 0, dir);
        }
    }

    /**
     * The device {@code name} stands for, once the engine can serve it.
     *
     * @param askedBy how the user asked for it, for the message (e.g. {@code --device gpu})
     * @throws DeviceUnavailableException naming what is missing: an unknown name, no CUDA natives, no visible GPU
     */
    public static Device require(String name, String askedBy) {
        return switch (checkedName(name, askedBy)) {
            case "gpu" -> {
                String missing = missingGpu(askedBy, Natives.loaded(askedBy));
                if (missing != null) {
                    throw new DeviceUnavailableException(missing);
                }
                yield Device.gpu();
            }
            default -> Device.cpu();
        };
    }

    /** {@link #require(String, String)} for a config's {@code device} setting. */
    public static Device require(String name) {
        return require(name, "device " + name);
    }

    /** {@code device} itself once the engine can serve it (a GPU whose index it sees). */
    public static Device require(Device device) {
        if (!device.isGpu()) {
            return device;
        }
        String askedBy = "device " + device;
        Natives natives = Natives.loaded(askedBy);
        String missing = missingGpu(askedBy, natives);
        if (missing == null && natives.gpuCount() > 0 && device.getDeviceId() >= natives.gpuCount()) {
            missing = askedBy + ": libtorch sees " + natives.gpuCount() + " GPU" + (natives.gpuCount() == 1 ? "" : "s")
                    + " (gpu(0) to gpu(" + (natives.gpuCount() - 1) + "))";
        }
        if (missing != null) {
            throw new DeviceUnavailableException(missing);
        }
        return device;
    }

    /** The messages of {@code e} and its causes, one after the other on one line. */
    private static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = e; t != null && line.length() < 300; t = t.getCause()) {
            String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (line.indexOf(msg) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(msg);
            }
        }
        return line.toString().replace('\n', ' ');
    }

    /** Refuses a name other than {@link #NAMES}. */
    static String checkedName(String name, String askedBy) {
        if (name == null || !NAMES.contains(name)) {
            throw new DeviceUnavailableException(askedBy + ": unknown device '" + name + "': use cpu or gpu");
        }
        return name;
    }

    /**
     * What a GPU run lacks with {@code natives}, as one line starting with {@code askedBy}, or
     * null when a GPU is there to use.
     */
    static String missingGpu(String askedBy, Natives natives) {
        if (natives.cudaUsable()) {
            return null;
        }
        if (!natives.cudaBuild()) {
            return askedBy + ": no CUDA device visible to libtorch: this build has PyTorch's CPU natives only ("
                    + natives.location() + "); rebuild with -Pcuda on the GPU machine, " + HELP;
        }
        return askedBy + ": no CUDA device visible to libtorch: its CUDA natives (" + natives.location()
                + ") found no GPU; check nvidia-smi, the NVIDIA driver and CUDA_VISIBLE_DEVICES, " + HELP;
    }
}
