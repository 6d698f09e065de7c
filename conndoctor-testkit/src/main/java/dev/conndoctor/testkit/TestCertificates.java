package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority for TLS tests: it issues leaf certificates that are valid for
 * given names and addresses, expired, not yet valid, or for other names, and it makes
 * self-signed ones; its own certificate can be trusted in-process
 * ({@link #trustManager()}, for {@code ConnDoctor.builder().trust(...)}) or written as PEM
 * ({@link #writePem(Path)}, for {@code --cacert FILE}).
 *
 * <p>Keys are EC P-256, made in milliseconds, and everything is signed through the JDK's own
 * providers: BouncyCastle only builds the certificate structures and writes PEM, and no
 * security provider is installed JVM-wide.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.newAuthority("conndoctor test CA");
 * TestCertificates.Leaf leaf = ca.issue("localhost", "127.0.0.1");
 * TestServer server = TestServer.builder(Behaviour.WEBSOCKET).tls(leaf.serverContext()).start();
 * ConnDoctor doctor = ConnDoctor.builder().trust(ca.trustManager()).build();
 * }</pre>
 */
public final class TestCertificates {

    /** How long a "valid" certificate lasts around now: long enough for any test, short like a real one. */
    public static final Duration VALIDITY = Duration.ofDays(30);
    /** The password of the PKCS#12 files this class writes, unless another is given. */
    public static final String DEFAULT_PASSWORD = "testkit";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final String SIGNATURE = "SHA256withECDSA";

    private final X500Principal subject;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(X500Principal subject, KeyPair keys, X509Certificate certificate) {
        this.subject = subject;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new certificate authority named {@code CN=<commonName>}, valid around now. */
    public static TestCertificates newAuthority(String commonName) {
        X500Principal name = new X500Principal("CN=" + commonName + ", O=conndoctor testkit");
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X509Certificate cert = sign(name, keys.getPublic(), name, keys, now.minus(Duration.ofDays(1)),
                now.plus(VALIDITY.multipliedBy(12)), true, List.of());
        return new TestCertificates(name, keys, cert);
    }

    /** The authority's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A leaf for {@code names}, valid from a day ago for {@link #VALIDITY}. Each name that is an
     * IP literal becomes an IP address entry of the subjectAltName, the others DNS entries; the
     * first one is the common name as well. A leaf for "other.example" is the wrong-name case.
     */
    public Leaf issue(String... names) {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofDays(1)), now.plus(VALIDITY), names);
    }

    /** A leaf for {@code names} that expired yesterday (valid for the month before). */
    public Leaf issueExpired(String... names) {
        Instant now = Instant.now();
        return issue(now.minus(VALIDITY), now.minus(Duration.ofDays(1)), names);
    }

    /** A leaf for {@code names} that becomes valid tomorrow. */
    public Leaf issueNotYetValid(String... names) {
        Instant now = Instant.now();
        return issue(now.plus(Duration.ofDays(1)), now.plus(VALIDITY), names);
    }

    /** A leaf for {@code names} valid from {@code notBefore} to {@code notAfter}. */
    public Leaf issue(Instant notBefore, Instant notAfter, String... names) {
        requireNames(names);
        KeyPair leafKeys = newKeys();
        X509Certificate cert = sign(leafName(names[0]), leafKeys.getPublic(), subject, keys, notBefore, notAfter,
                false, List.of(names));
        return new Leaf(cert, leafKeys.getPrivate(), List.of(cert, certificate));
    }

    /** A self-signed leaf for {@code names}, valid around now: what no client trusts. */
    public static Leaf selfSigned(String... names) {
        requireNames(names);
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X500Principal name = leafName(names[0]);
        X509Certificate cert = sign(name, keys.getPublic(), name, keys, now.minus(Duration.ofDays(1)),
                now.plus(VALIDITY), false, List.of(names));
        return new Leaf(cert, keys.getPrivate(), List.of(cert));
    }

    /** A trust manager that trusts this authority and nothing else. */
    public X509ExtendedTrustManager trustManager() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager for the test CA", e);
        }
    }

    /** The authority's certificate as PEM text. */
    public String pem() {
        return toPem(List.of(certificate));
    }

    /** Writes the authority's certificate as a PEM file (for {@code --cacert FILE}); returns {@code file}. */
    public Path writePem(Path file) {
        return write(file, pem());
    }

    @Override
    public String toString() {
        return "TestCertificates[" + subject.getName() + "]";
    }

    /** A server's certificate with its private key and the chain it presents. */
    public static final class Leaf {
        private final X509Certificate certificate;
        private final PrivateKey key;
        private final List<X509Certificate> chain;

        private Leaf(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
            this.certificate = certificate;
            this.key = key;
            this.chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** The leaf first, then its issuer (unless self-signed): what a well-configured server sends. */
        public List<X509Certificate> chain() {
            return chain;
        }

        /** A server-side TLS context presenting this leaf and its chain; TLS 1.2 and 1.3. */
        public SSLContext serverContext() {
            try {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(keyStore(DEFAULT_PASSWORD.toCharArray()), DEFAULT_PASSWORD.toCharArray());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(factory.getKeyManagers(), null, RANDOM);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a server TLS context", e);
            }
        }

        /** The key and chain as a PKCS#12 key store (alias {@code server}). */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build a key store", e);
            }
        }

        /**
         * Writes a PKCS#12 file with the key and chain, for {@code TestServer --tls-keystore FILE}
         * in another process; returns {@code file}.
         */
        public Path writePkcs12(Path file, String password) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    keyStore(password.toCharArray()).store(out, password.toCharArray());
                }
                return file;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot write " + file, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the chain as PEM (nginx {@code ssl_certificate}); returns {@code file}. */
        public Path writeChainPem(Path file) {
            return write(file, toPem(chain));
        }

        /** Writes the private key as unencrypted PKCS#8 PEM (nginx {@code ssl_certificate_key}); returns {@code file}. */
        public Path writeKeyPem(Path file) {
            // PKCS#8 is the key's own encoding: PEM is only its base64 between the markers
            String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            return write(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
        }

        @Override
        public String toString() {
            return "Leaf[" + certificate.getSubjectX500Principal().getName() + ", " + certificate.getNotBefore()
                    .toInstant() + " to " + certificate.getNotAfter().toInstant() + "]";
        }
    }

    // ---- the mechanics

    private static void requireNames(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a leaf certificate needs at least one name or address");
        }
        for (String name : names) {
            Objects.requireNonNull(name, "name");
        }
    }

    private static X500Principal leafName(String firstName) {
        return new X500Principal("CN=" + firstName + ", O=conndoctor testkit");
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has EC P-256", e);
        }
    }

    private static X509Certificate sign(X500Principal subject, java.security.PublicKey subjectKey,
                                        X500Principal issuer, KeyPair issuerKeys, Instant notBefore, Instant notAfter,
                                        boolean authority, List<String> names) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            if (authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                List<GeneralName> sans = new ArrayList<>();
                for (String name : names) {
                    sans.add(isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name.replaceAll("[\\[\\]]", ""))
                            : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    static boolean isIpLiteral(String name) {
        String text = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        return text.matches("\\d{1,3}(\\.\\d{1,3}){3}") || text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
    }

    private static String toPem(List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
