package io.tandem.testkit;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * The RSA key pair that signs Tandem's JWTs, and the minting of tokens for a role. Services only ever see the
 * public key ({@code mp.jwt.verify.publickey.location}); the private key stays with whoever mints.
 */
public final class JwtKeys {

    public static final String ISSUER = "tandem";
    /** Claim naming the sending source on tokens of role {@code ingest}. */
    public static final String SOURCE_CLAIM = "source";

    private static final String PRIVATE_FILE = "jwt-private.pem";
    private static final String PUBLIC_FILE = "jwt-public.pem";

    private final PrivateKey privateKey;
    private final Path publicKeyFile;

    private JwtKeys(PrivateKey privateKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** Loads the pair from {@code dir}, generating and writing it there first if it is not there yet. */
    public static JwtKeys inDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Path privateFile = dir.resolve(PRIVATE_FILE);
            Path publicFile = dir.resolve(PUBLIC_FILE);
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                write(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
                write(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            }
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(read(privateFile)));
            return new JwtKeys(privateKey, publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create or read the JWT key pair in " + dir, e);
        }
    }

    /** The PEM file services verify tokens with. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A token for {@code subject} with one role; a token of role {@code ingest} also names its source. */
    public String mint(String role, String subject, Duration lifetime) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(Set.of(role))
                .expiresIn(lifetime);
        if ("ingest".equals(role)) {
            claims.claim(SOURCE_CLAIM, subject);
        }
        return claims.jws().keyId("tandem").sign(privateKey);
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static byte[] read(Path file) throws IOException {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(pem);
    }
}
