package io.quarkiverse.knitting.it;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/**
 * A task class with no scope of its own: the extension makes it a {@code @Singleton} bean (see the guide's testing
 * section for what that means for {@code @InjectMock}).
 */
public class Checksums {

    @Task
    public Uni<Long> crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Uni.createFrom().item(crc.getValue());
    }
}
