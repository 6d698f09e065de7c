package dev.conndoctor.probe.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.DnsFailure;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The exceptions carry the resolver texts as the JDK reports them; nothing is resolved. */
class DnsFailureClassifierTest {

    @Test
    void glibcNameOrServiceNotKnownIsNxdomain() {
        assertThat(classify("nosuch.example: Name or service not known")).isEqualTo(DnsFailure.NXDOMAIN);
    }

    @Test
    void glibcNoAddressAssociatedWithHostnameIsNoAnswer() {
        assertThat(classify("x: No address associated with hostname")).isEqualTo(DnsFailure.NO_ANSWER);
    }

    @Test
    void glibcTemporaryFailureIsTimeout() {
        assertThat(classify("x: Temporary failure in name resolution")).isEqualTo(DnsFailure.TIMEOUT);
    }

    @Test
    void muslNameDoesNotResolveIsNxdomain() {
        assertThat(classify("x: Name does not resolve")).isEqualTo(DnsFailure.NXDOMAIN);
    }

    @Test
    void muslTryAgainIsTimeout() {
        assertThat(classify("x: Try again")).isEqualTo(DnsFailure.TIMEOUT);
    }

    @Test
    void windowsNoSuchHostIsKnownIsNxdomain() {
        assertThat(classify("x: No such host is known")).isEqualTo(DnsFailure.NXDOMAIN);
    }

    @Test
    void bareHostNameWithoutExplanationIsOther() {
        assertThat(classify("nosuch.example")).isEqualTo(DnsFailure.OTHER);
    }

    @Test
    void unknownTextIsOther() {
        assertThat(classify("x: the resolver caught fire")).isEqualTo(DnsFailure.OTHER);
    }

    @Test
    void nullMessageIsOther() {
        assertThat(DnsFailureClassifier.classify(new UnknownHostException())).isEqualTo(DnsFailure.OTHER);
    }

    @Test
    void hostNameThatLooksLikeAnExplanationDoesNotMisleadIt() {
        // host names cannot hold spaces, so a name never matches the resolver's wording
        assertThat(classify("try-again.example: Name or service not known")).isEqualTo(DnsFailure.NXDOMAIN);
    }

    private static DnsFailure classify(String message) {
        return DnsFailureClassifier.classify(new UnknownHostException(message));
    }
}
