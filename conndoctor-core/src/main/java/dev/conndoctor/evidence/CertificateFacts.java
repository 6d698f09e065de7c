package dev.conndoctor.evidence;

import java.time.Instant;
import java.util.List;

/** What a certificate of the server's chain says about itself: who, by whom, for which names, how long. */
public record CertificateFacts(String subject, String issuer, List<String> subjectAltNames, Instant notBefore,
                               Instant notAfter) {

    public CertificateFacts {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    public boolean selfIssued() {
        return subject.equals(issuer);
    }

    public boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
