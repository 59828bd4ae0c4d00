package io.tandem.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class JwtKeysTest {

    @Test
    void shouldReuseTheKeyPairOfADirectory(@TempDir Path dir) throws Exception {
        JwtKeys first = JwtKeys.inDirectory(dir);
        String publicKey = Files.readString(first.publicKeyFile());

        JwtKeys second = JwtKeys.inDirectory(dir);

        assertThat(Files.readString(second.publicKeyFile())).isEqualTo(publicKey);
        assertThat(Files.getPosixFilePermissions(dir.resolve("jwt-private.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void shouldMintATokenWithRoleSubjectAndSource(@TempDir Path dir) {
        String token = JwtKeys.inDirectory(dir).mint("ingest", "prometheus-eu1", Duration.ofMinutes(5));

        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"tandem\"", "\"sub\":\"prometheus-eu1\"", "\"groups\":[\"ingest\"]",
                "\"source\":\"prometheus-eu1\"");
    }
}
