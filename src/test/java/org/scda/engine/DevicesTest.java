package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a GPU run is told is missing, for each kind of natives (no engine needed). */
class DevicesTest {

    @Test
    void cpuNativesSendTheUserToTheCudaBuild() {
        String missing = Devices.missingGpu("--device gpu",
                new Devices.Natives(false, false, 0, "/cache/2.7.1-cpu-linux-x86_64"));

        assertThat(missing).startsWith("--device gpu: no CUDA device visible to libtorch: ")
                .contains("CPU natives only (/cache/2.7.1-cpu-linux-x86_64)")
                .contains("-Pcuda").contains("README 'On a GPU'")
                .doesNotContain("\n");
    }

    @Test
    void cudaNativesWithoutAGpuSendTheUserToTheDriver() {
        String missing = Devices.missingGpu("device: gpu in type2.yaml",
                new Devices.Natives(true, false, 0, "/cache/2.7.1-cu128-linux-x86_64"));

        assertThat(missing).startsWith("device: gpu in type2.yaml: no CUDA device visible to libtorch: ")
                .contains("CUDA natives (/cache/2.7.1-cu128-linux-x86_64) found no GPU")
                .contains("nvidia-smi").contains("CUDA_VISIBLE_DEVICES")
                .doesNotContain("-Pcuda").doesNotContain("\n");
    }

    @Test
    void aGpuLibtorchCanUseIsAccepted() {
        assertThat(Devices.missingGpu("--device gpu", new Devices.Natives(true, true, 2, "/x"))).isNull();
        // DJL counts GPUs through the system's libcudart, absent on a driver-only machine; libtorch's word decides
        assertThat(Devices.missingGpu("--device gpu", new Devices.Natives(true, true, 0, "/x"))).isNull();
    }

    @Test
    void unknownNamesAreRefusedWithoutTheEngine() {
        assertThatThrownBy(() -> Devices.require("cuda", "--device cuda"))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessage("--device cuda: unknown device 'cuda': use cpu or gpu");
        assertThat(Devices.require("cpu", "--device cpu").isGpu()).isFalse();
    }
}
