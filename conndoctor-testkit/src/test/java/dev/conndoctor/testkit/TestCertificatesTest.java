package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test CA's certificates, judged by the JDK's own PKIX trust manager. */
class TestCertificatesTest {

    private static TestCertificates ca;
    private static X509ExtendedTrustManager trust;

    @BeforeAll
    static void makeTheAuthority() {
        ca = TestCertificates.newAuthority("testkit test CA");
        trust = ca.trustManager();
    }

    private static void check(TestCertificates.Leaf leaf) throws Exception {
        trust.checkServerTrusted(leaf.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
    }

    @Test
    void aValidLeafChainsToTheAuthorityAndListsItsNamesAndAddresses() throws Exception {
        TestCertificates.Leaf leaf = ca.issue("localhost", "127.0.0.1", "::1");

        check(leaf);
        X509Certificate cert = leaf.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).startsWith("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(cert.getSubjectAlternativeNames()).extracting(e -> e.get(0) + "=" + e.get(1))
                .containsExactly("2=localhost", "7=127.0.0.1", "7=0:0:0:0:0:0:0:1");
        assertThat(leaf.chain()).containsExactly(cert, ca.certificate());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.certificate().getBasicConstraints()).isZero();
    }

    @Test
    void anExpiredLeafFailsWithTheExpiredException() {
        TestCertificates.Leaf leaf = ca.issueExpired("localhost");

        assertThat(leaf.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
        assertThatThrownBy(() -> check(leaf)).hasRootCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void aNotYetValidLeafFailsWithTheNotYetValidException() {
        TestCertificates.Leaf leaf = ca.issueNotYetValid("localhost");

        assertThat(leaf.certificate().getNotBefore().toInstant()).isAfter(Instant.now());
        assertThatThrownBy(() -> check(leaf)).hasRootCauseInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void aSelfSignedLeafIsItsOwnIssuerAndNotTrusted() {
        TestCertificates.Leaf leaf = TestCertificates.selfSigned("localhost", "127.0.0.1");

        assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(leaf.certificate().getSubjectX500Principal());
        assertThat(leaf.chain()).containsExactly(leaf.certificate());
        assertThatThrownBy(() -> check(leaf)).hasMessageContaining("PKIX path");
    }

    @Test
    void aLeafOfAnotherAuthorityIsNotTrusted() {
        TestCertificates.Leaf stranger = TestCertificates.newAuthority("another CA").issue("localhost");

        assertThatThrownBy(() -> check(stranger)).hasMessageContaining("PKIX path");
    }

    @Test
    void theAuthorityPemReadsBackAsTheSameCertificate(@TempDir Path dir) throws Exception {
        Path file = ca.writePem(dir.resolve("ca.pem"));

        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----").isEqualTo(ca.pem());
        List<java.security.cert.Certificate> read;
        try (InputStream in = Files.newInputStream(file)) {
            read = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        assertThat(read).containsExactly(ca.certificate());
    }

    @Test
    void theLeafPemFilesHoldTheChainAndAPkcs8Key(@TempDir Path dir) throws Exception {
        TestCertificates.Leaf leaf = ca.issue("localhost");
        Path chain = leaf.writeChainPem(dir.resolve("server.crt"));
        Path key = leaf.writeKeyPem(dir.resolve("server.key"));

        try (InputStream in = Files.newInputStream(chain)) {
            assertThat(List.<java.security.cert.Certificate>copyOf(
                    CertificateFactory.getInstance("X.509").generateCertificates(in))).containsExactly(leaf.certificate(), ca.certificate());
        }
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey read = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(signsFor(read, leaf.certificate())).as("the key file holds the leaf's own key").isTrue();
    }

    @Test
    void thePkcs12FileHoldsTheKeyAndTheChain(@TempDir Path dir) throws Exception {
        TestCertificates.Leaf leaf = ca.issue("localhost");
        Path file = leaf.writePkcs12(dir.resolve("server.p12"), "secret");

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Files.readAllBytes(file)), "secret".toCharArray());
        assertThat(store.getKey("server", "secret".toCharArray())).isInstanceOfSatisfying(PrivateKey.class,
                key -> assertThat(signsFor(key, leaf.certificate())).as("the leaf's own key").isTrue());
        assertThat(List.of(store.getCertificateChain("server"))).containsExactly(leaf.certificate(), ca.certificate());
    }

    @Test
    void ipLiteralsAreToldFromNames() {
        assertThat(TestCertificates.isIpLiteral("192.0.2.10")).isTrue();
        assertThat(TestCertificates.isIpLiteral("2001:db8::1")).isTrue();
        assertThat(TestCertificates.isIpLiteral("[::1]")).isTrue();
        assertThat(TestCertificates.isIpLiteral("localhost")).isFalse();
        assertThat(TestCertificates.isIpLiteral("other.example")).isFalse();
    }

    /** Whether what {@code key} signs, the public key of {@code certificate} verifies: the pair belongs together. */
    private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
        byte[] data = "conndoctor".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("cannot sign with " + key.getAlgorithm() + " key", e);
        }
    }
}
