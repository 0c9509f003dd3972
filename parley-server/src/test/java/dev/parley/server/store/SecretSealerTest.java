package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
    private final SecretSealer sealer = SecretSealer.withRandomKey();

    @Test
    void aSealedSecretIsVersionedRandomAndOpensForItsApp() {
        String sealed = sealer.seal("app1", "s3cretS3cretS3cretS3cret");
        assertThat(sealed).startsWith("v1:").doesNotContain("s3cret").hasSizeLessThanOrEqualTo(128);
        // nonce 12 + 24 bytes of secret + tag 16
        assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(12 + 24 + 16);
        assertThat(sealer.seal("app1", "s3cretS3cretS3cretS3cret")).isNotEqualTo(sealed);
        assertThat(sealer.open("app1", sealed)).isEqualTo("s3cretS3cretS3cretS3cret");
    }

    @Test
    void aSealedSecretCopiedToAnotherAppDoesNotOpen() {
        String sealed = sealer.seal("app1", "secret-of-app1");
        assertThatThrownBy(() -> sealer.open("app2", sealed)).isInstanceOf(SecretSealer.SealedSecretException.class)
                .hasMessageContaining("app2").hasMessageContaining("does not open");
    }

    @Test
    void aSealedSecretDoesNotOpenUnderAnotherKey() {
        String sealed = sealer.seal("app1", "secret-of-app1");
        assertThatThrownBy(() -> SecretSealer.withRandomKey().open("app1", sealed))
                .isInstanceOf(SecretSealer.SealedSecretException.class);
    }

    @Test
    void anAlteredOrPlaintextSecretDoesNotOpen() {
        byte[] raw = Base64.getDecoder().decode(sealer.seal("app1", "secret-of-app1").substring(3));
        raw[20] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> sealer.open("app1", altered)).isInstanceOf(SecretSealer.SealedSecretException.class);
        assertThatThrownBy(() -> sealer.open("app1", "v1:!!")).hasMessageContaining("damaged");
        assertThatThrownBy(() -> sealer.open("app1", "secret-of-app1")).hasMessageContaining("not sealed");
    }
}
