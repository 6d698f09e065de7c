package dev.conndoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The certificate a TLS listener serves: PEM files ({@code --tls CERT KEY}), or a self-signed one
 * made at start ({@code --tls self-signed}) with the JDK's keytool, kept in a temporary file
 * that is deleted at once.
 */
final class TlsMaterial {
    private TlsMaterial() {
    }

    /** A certificate chain in PEM is a few kilobytes; a bundle a few hundred. */
    static final long MAX_CERT_BYTES = 4L * 1024 * 1024;
    /** A PEM private key is a few kilobytes, even RSA 16384. */
    static final long MAX_KEY_BYTES = 1024L * 1024;

    static SSLContext fromPem(Path certFile, Path keyFile) {
        // both read whole and bounded first: the certificate parser reads a device like /dev/zero forever
        byte[] certPem = BoundedFiles.bytes("--tls", certFile, MAX_CERT_BYTES);
        String keyPem = BoundedFiles.text("--tls", keyFile, MAX_KEY_BYTES, StandardCharsets.US_ASCII);
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = new ByteArrayInputStream(certPem)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new UsageException("error.no-certificate", certFile);
            }
            PrivateKey key = privateKey(keyPem, keyFile, chain.iterator().next().getPublicKey().getAlgorithm());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("listen", key, new char[0], chain.toArray(new Certificate[0]));
            return context(store, new char[0]);
        } catch (IOException e) {
            throw new UsageException("error.cannot-read", certFile + " / " + keyFile, e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageException("error.not-pem", certFile + " / " + keyFile, e.getMessage());
        }
    }

    /** A certificate for CN=conndoctor-listen and the given names, valid a week. */
    static SSLContext selfSigned(String subjectAltNames) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("conndoctor-listen");
            Path store = dir.resolve("listen.p12");
            char[] password = java.util.UUID.randomUUID().toString().toCharArray();
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "listen", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=conndoctor-listen", "-ext", "SAN=" + subjectAltNames,
                    "-validity", "7", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(password), "-keypass", new String(password))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new UsageException("error.self-signed", output.strip());
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            return context(keys, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("error.self-signed", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("error.self-signed", "interrupted");
        } finally {
            deleteQuietly(dir);
        }
    }

    private static SSLContext context(KeyStore keys, char[] password) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** A PKCS#8 PEM key ("BEGIN PRIVATE KEY"); older formats get a one-line conversion hint. */
    private static PrivateKey privateKey(String pem, Path file, String algorithm) throws GeneralSecurityException {
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = begin < 0 ? -1 : pem.indexOf("-----END PRIVATE KEY-----", begin);
        if (begin < 0 || end < 0) {
            throw new UsageException("error.key-format", file);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            // a truncated or edited key is bad input, not a failure of conndoctor
            throw new GeneralSecurityException("the key is not base64: " + e.getMessage(), e);
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind holds only a throwaway key
        }
    }
}
