package dev.conndoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** {@code --cacert FILE}: trusts the PEM certificates of one file, like curl's option of that name. */
final class TrustFile {
    private TrustFile() {
    }

    /** A CA bundle is a few hundred kilobytes; the system's whole store is under one megabyte. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    static X509ExtendedTrustManager load(Path file) {
        // read whole and bounded first: the certificate parser reads a device like /dev/zero forever
        byte[] pem = BoundedFiles.bytes("--cacert", file, MAX_BYTES);
        try (InputStream in = new ByteArrayInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new UsageException("error.no-certificate", file);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new UsageException("error.not-pem", file, "no X.509 trust manager");
        } catch (IOException e) {
            throw new UsageException("error.cannot-read", file, e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageException("error.not-pem", file, e.getMessage());
        }
    }
}
