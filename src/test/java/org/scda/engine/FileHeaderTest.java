package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.scda.util.ScdaException;

class FileHeaderTest {
    private static DataInputStream header(String magic, int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(magic);
            out.writeInt(version);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void aMatchingHeaderPassesAndEachMismatchNamesTheFile() throws IOException {
        Path f = Path.of("run/model_last.ckpt");
        assertThatCode(() -> FileHeader.check(f, header("M", 2), "M", 2, "scda checkpoint", "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> FileHeader.check(f, header("X", 2), "M", 2, "scda checkpoint", " (old?)"))
                .isInstanceOf(ScdaException.class).hasMessage(f + " is not an scda checkpoint (old?)");
        assertThatThrownBy(() -> FileHeader.check(f, header("M", 3), "M", 2, "scda checkpoint", ""))
                .isInstanceOf(ScdaException.class).hasMessageContaining("format 3 is not supported (expected 2)");
        assertThatThrownBy(() -> FileHeader.check(f, new DataInputStream(new ByteArrayInputStream(new byte[0])), "M", 2,
                "scda checkpoint", "")).isInstanceOf(ScdaException.class).hasMessageContaining("is not an scda checkpoint");
    }
}
