package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {

    // --- what a person types, and what it means

    @Test
    void hostAndPortIsATcpTargetWithoutPath() {
        Target t = Target.parse("example.com:8282");

        assertThat(t.scheme()).isEqualTo(Scheme.TCP);
        assertThat(t.host()).isEqualTo("example.com");
        assertThat(t.port()).isEqualTo(8282);
        assertThat(t.path()).isEmpty();
        assertThat(t.pathIfAny()).isEmpty();
        assertThat(t.input()).isEqualTo("example.com:8282");
    }

    @Test
    void ipv4LiteralWithPortIsALiteralHost() {
        Target t = Target.parse("192.0.2.10:8282");

        assertThat(t.host()).isEqualTo("192.0.2.10");
        assertThat(t.hostIsLiteral()).isTrue();
        assertThat(t.authority()).isEqualTo("192.0.2.10:8282");
    }

    @Test
    void bracketedIpv6WithPortKeepsTheAddressWithoutBrackets() {
        Target t = Target.parse("[2001:db8::1]:8282");

        assertThat(t.host()).isEqualTo("2001:db8::1");
        assertThat(t.port()).isEqualTo(8282);
        assertThat(t.hostIsLiteral()).isTrue();
        assertThat(t.authority()).isEqualTo("[2001:db8::1]:8282");
    }

    @Test
    void bracketedIpv6LoopbackInAUrlIsALiteral() {
        Target t = Target.parse("ws://[::1]:8282/chat");

        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.authority()).isEqualTo("[::1]:8282");
        assertThat(t.path()).isEqualTo("/chat");
    }

    @Test
    void bracketedIpv6WithZoneIsAccepted() {
        Target t = Target.parse("[fe80::1%eth0]:8282");

        assertThat(t.host()).isEqualTo("fe80::1%eth0");
        assertThat(t.hostIsLiteral()).isTrue();
        assertThat(t.authority()).isEqualTo("[fe80::1%eth0]:8282");
    }

    @Test
    void ipv6ZoneKeepsTheCaseOfTheInterfaceName() {
        Target t = Target.parse("[FE80::1%enP2p1s0]:8282");

        assertThat(t.host()).isEqualTo("fe80::1%enP2p1s0");
    }

    @Test
    void hostNameIsNotALiteral() {
        assertThat(Target.parse("example.com:80").hostIsLiteral()).isFalse();
        assertThat(Target.parse("localhost:80").hostIsLiteral()).isFalse();
    }

    @Test
    void hostNameIsLowercasedAndSchemeIsReadInAnyCase() {
        Target t = Target.parse("WS://Example.COM:8282/Chat");

        assertThat(t.scheme()).isEqualTo(Scheme.WS);
        assertThat(t.host()).isEqualTo("example.com");
        assertThat(t.path()).isEqualTo("/Chat");
    }

    @Test
    void trailingDotOfAFullyQualifiedNameIsDropped() {
        assertThat(Target.parse("example.com.:8282").host()).isEqualTo("example.com");
    }

    @Test
    void internationalizedHostNameBecomesItsAsciiForm() {
        assertThat(Target.parse("ws://bücher.example:8282").host()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void underscoreInAHostNameIsAccepted() {
        assertThat(Target.parse("my_host.example:80").host()).isEqualTo("my_host.example");
    }

    @ParameterizedTest
    @CsvSource({
        "tcp://example.com:8282, TCP, 8282, ''",
        "text://example.com:8282, TEXT, 8282, ''",
        "tls://example.com:8443, TLS, 8443, ''",
        "ws://example.com:8282, WS, 8282, /",
        "wss://example.com:8443, WSS, 8443, /",
        "http://example.com:8080, HTTP, 8080, /",
        "https://example.com:8443, HTTPS, 8443, /",
    })
    void everySchemeIsRecognized(String input, Scheme scheme, int port, String path) {
        Target t = Target.parse(input);

        assertThat(t.scheme()).isEqualTo(scheme);
        assertThat(t.host()).isEqualTo("example.com");
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.path()).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({
        "ws://example.com, 80",
        "http://example.com, 80",
        "wss://example.com, 443",
        "https://example.com, 443",
    })
    void urlWithoutPortUsesTheSchemesDefaultPort(String input, int port) {
        assertThat(Target.parse(input).port()).isEqualTo(port);
    }

    @Test
    void webSocketUrlWithoutPathMeansTheRootPath() {
        assertThat(Target.parse("ws://example.com:8282").pathIfAny()).contains("/");
    }

    @Test
    void pathAndQueryAreKept() {
        assertThat(Target.parse("ws://h:8282/chat?x=1").path()).isEqualTo("/chat?x=1");
    }

    @Test
    void queryWithoutPathGetsTheRootPath() {
        assertThat(Target.parse("ws://h:8282?x=1").path()).isEqualTo("/?x=1");
    }

    @Test
    void fragmentIsDroppedBecauseItIsNeverSent() {
        assertThat(Target.parse("ws://h:8282/chat?x=1#top").path()).isEqualTo("/chat?x=1");
        assertThat(Target.parse("https://h#top").path()).isEqualTo("/");
    }

    @Test
    void atSignInTheQueryIsNotACredential() {
        assertThat(Target.parse("ws://h:8282/chat?mail=a@example.com").path()).isEqualTo("/chat?mail=a@example.com");
    }

    @Test
    void leadingZerosOfAPortAreAccepted() {
        assertThat(Target.parse("h:08282").port()).isEqualTo(8282);
    }

    @Test
    void highestAndLowestPortsAreAccepted() {
        assertThat(Target.parse("h:1").port()).isEqualTo(1);
        assertThat(Target.parse("h:65535").port()).isEqualTo(65535);
    }

    @Test
    void hostOf253CharactersAndLabelsOf63AreAccepted() {
        String host = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertThat(host).hasSize(253);

        assertThat(Target.parse(host + ":80").host()).isEqualTo(host);
    }

    @Test
    void inputOfExactlyTheMaximumLengthIsAccepted() {
        String path = "/" + "p".repeat(Target.MAX_INPUT_LENGTH - "ws://h:1/".length());
        String input = "ws://h:1" + path;
        assertThat(input).hasSize(Target.MAX_INPUT_LENGTH);

        assertThat(Target.parse(input).path()).isEqualTo(path);
    }

    // --- every problem is one line that names it

    @Test
    void nullIsAnEmptyTarget() {
        assertInvalid(null, "target.empty", "the target is empty");
    }

    @Test
    void emptyStringIsAnEmptyTarget() {
        assertInvalid("", "target.empty", "the target is empty");
    }

    @Test
    void spaceIsRefusedWithItsPosition() {
        assertInvalid("exam ple.com:80", "target.whitespace", "space at position 5");
    }

    @Test
    void leadingAndTrailingSpacesAreRefused() {
        assertInvalid(" h:80", "target.whitespace", "position 1");
        assertInvalid("h:80 ", "target.whitespace", "position 5");
    }

    @Test
    void noBreakSpaceAndLineSeparatorAreRefusedAsSpaces() {
        assertInvalid("h:\u00a080", "target.whitespace", "position 3");
        assertInvalid("h\u2028:80", "target.whitespace", "position 2");
    }

    @Test
    void tabIsRefusedAsAControlCharacter() {
        assertInvalid("h:\t80", "target.control-character", "control character at position 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h\u0000:80", "h\n:80", "h\r:80", "h\u001b:80", "h\u007f:80", "h\u0085:80", "h\u009b:80"})
    void controlCharactersAreRefused(String input) {
        assertInvalid(input, "target.control-character", "control character at position 2");
    }

    @Test
    void inputLongerThanTheMaximumIsRefusedBeforeAnyParsing() {
        String input = "h".repeat(5000) + ":80";

        assertInvalid(input, "target.too-long", "5003 characters long; at most 2048");
    }

    @Test
    void hugeUrlIsRefusedAsTooLong() {
        assertInvalid("ws://" + "a".repeat(5000) + ":8282/", "target.too-long", "at most 2048");
    }

    @Test
    void hostLongerThan253CharactersIsRefused() {
        String host = "a".repeat(50) + "." + String.join(".", Collections.nCopies(5, "b".repeat(49)));
        assertThat(host).hasSize(300);

        assertInvalid(host + ":80", "target.host-too-long", "300 characters long; DNS allows at most 253");
    }

    @Test
    void labelLongerThan63CharactersIsRefused() {
        assertInvalid("a".repeat(64) + ".example:80", "target.label-too-long", "longer than 63 characters");
    }

    @Test
    void emptyLabelIsRefused() {
        assertInvalid("a..example:80", "target.empty-label", "'a..example' has an empty part");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad!host:80", "-lead.example:80", "trail-.example:80", "per%20cent:80", "a/b"})
    void invalidHostNamesAreRefused(String input) {
        Throwable e = catchThrowableOfType(() -> Target.parse(input), InvalidTargetException.class);

        assertThat(e).as(input).isNotNull();
        assertOneLine(e);
    }

    @Test
    void hostWithAForbiddenCharacterIsNamed() {
        assertInvalid("bad!host:80", "target.bad-host", "'bad!host' is not a valid host name");
    }

    @Test
    void hostStartingWithAHyphenIsRefused() {
        assertInvalid("-lead.example:80", "target.bad-host", "'-lead.example' is not a valid host name");
    }

    @Test
    void ipv4WithAnOctetAbove255IsRefused() {
        assertInvalid("999.1.1.1:80", "target.bad-ipv4", "'999.1.1.1' is not a valid IPv4 address");
    }

    @Test
    void ipv4WithThreeOctetsIsRefused() {
        assertInvalid("1.2.3:80", "target.bad-ipv4", "'1.2.3' is not a valid IPv4 address");
    }

    @Test
    void ipv4ShorthandAndLeadingZerosAreRefused() {
        assertInvalid("127.1:80", "target.bad-ipv4", "'127.1'");
        assertInvalid("010.0.0.1:80", "target.bad-ipv4", "'010.0.0.1'");
        assertInvalid("1.2.3.4.5:80", "target.bad-ipv4", "'1.2.3.4.5'");
    }

    @Test
    void portZeroIsRefused() {
        assertInvalid("h:0", "target.port-zero", "port 0 cannot be dialled");
        assertInvalid("h:0000", "target.port-zero", "port 0 cannot be dialled");
    }

    @Test
    void port65536IsOutOfRange() {
        assertInvalid("h:65536", "target.port-too-large", "port 65536 is out of range");
    }

    @Test
    void twentyDigitPortIsOutOfRangeWithoutOverflow() {
        assertInvalid("h:99999999999999999999", "target.port-too-large", "port 99999999999999999999 is out of range");
    }

    @Test
    void nonNumericPortIsRefused() {
        assertInvalid("h:http", "target.port-not-a-number", "port 'http' is not a number");
    }

    @Test
    void signedPortIsNotANumber() {
        assertInvalid("h:-1", "target.port-not-a-number", "port '-1'");
        assertInvalid("h:+80", "target.port-not-a-number", "port '+80'");
    }

    @Test
    void colonWithoutPortIsAnEmptyPort() {
        assertInvalid("h:", "target.empty-port", "the port after ':' is empty");
        assertInvalid("[::1]:", "target.empty-port", "the port after ':' is empty");
    }

    @Test
    void bareHostWithoutPortIsRefusedForTcp() {
        assertInvalid("example.com", "target.no-port", "no port");
        assertInvalid("example.com", "target.no-port", "tcp has none");
    }

    @Test
    void schemesWithoutDefaultPortNeedAPort() {
        assertInvalid("tls://example.com", "target.no-port", "tls has none");
        assertInvalid("text://example.com", "target.no-port", "text has none");
    }

    @Test
    void bracketedIpv6WithoutPortNeedsAPortForTcp() {
        assertInvalid("[::1]", "target.no-port", "no port");
    }

    @Test
    void credentialsAreRefusedWithoutEchoingThem() {
        InvalidTargetException e = assertInvalid("ws://user:s3cret@h:8282/", "target.credentials",
                "credentials in the URL are not accepted");

        assertThat(e.getMessage()).doesNotContain("s3cret");
    }

    @Test
    void userWithoutSchemeIsACredentialToo() {
        assertInvalid("user@h:8282", "target.credentials", "credentials");
    }

    @Test
    void unknownSchemeIsNamed() {
        assertInvalid("ftp://h:21", "target.unknown-scheme", "unknown scheme 'ftp'");
    }

    @Test
    void emptySchemeIsUnknown() {
        assertInvalid("://h:21", "target.unknown-scheme", "unknown scheme ''");
    }

    @Test
    void schemeWithOneSlashAsksForTwo() {
        assertInvalid("ws:/x", "target.scheme-needs-slashes", "write the scheme as ws://");
        assertInvalid("https:/example.com", "target.scheme-needs-slashes", "https://");
    }

    @Test
    void pathWithoutSchemeIsRefused() {
        assertInvalid("example.com:8282/chat", "target.path-without-scheme", "a path (/chat) needs a URL scheme");
    }

    @Test
    void urlWithoutHostIsRefused() {
        assertInvalid("ws://", "target.no-host", "has no host");
        assertInvalid("ws:///chat", "target.no-host", "has no host");
        assertInvalid("ws://:8282", "target.no-host", "has no host");
        assertInvalid(":8282", "target.no-host", "has no host");
    }

    @Test
    void openingBracketWithoutClosingIsUnbalanced() {
        assertInvalid("[2001:db8::1:8282", "target.unbalanced-bracket", "unbalanced bracket");
    }

    @Test
    void closingBracketWithoutOpeningIsUnbalanced() {
        assertInvalid("2001:db8::1]:8282", "target.unbalanced-bracket", "unbalanced bracket");
        assertInvalid("h]:8282", "target.unbalanced-bracket", "unbalanced bracket");
    }

    @Test
    void textAfterTheClosingBracketIsRefused() {
        assertInvalid("[::1]8282", "target.after-bracket", "unexpected '8282' after the IPv6 address");
    }

    @Test
    void ipv6WithoutBracketsIsRefused() {
        assertInvalid("2001:db8::1:8282", "target.ipv6-needs-brackets", "'2001:db8::1:8282' has several colons");
        assertInvalid("::1", "target.ipv6-needs-brackets", "in brackets");
        assertInvalid("ws://2001:db8::1/chat", "target.ipv6-needs-brackets", "in brackets");
    }

    @Test
    void invalidIpv6InBracketsIsNamed() {
        assertInvalid("[1::2::3]:80", "target.bad-ipv6", "'1::2::3' is not a valid IPv6 address");
        assertInvalid("[192.0.2.1]:80", "target.bad-ipv6", "'192.0.2.1' is not a valid IPv6 address");
        assertInvalid("[example.com]:80", "target.bad-ipv6", "'example.com'");
    }

    // --- helpers

    private static InvalidTargetException assertInvalid(String input, String key, String messagePart) {
        InvalidTargetException e = catchThrowableOfType(() -> Target.parse(input), InvalidTargetException.class);

        assertThat(e).as("parse(%s) throws InvalidTargetException", abbreviate(input)).isNotNull();
        assertThat(e.problem().key()).as("problem key").isEqualTo(key);
        assertThat(e.getMessage()).contains(messagePart);
        assertOneLine(e);
        return e;
    }

    private static void assertOneLine(Throwable e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r").doesNotContainPattern("\\{\\d");
        // a problem key showing through means the bundle lacks the text
        assertThat(e.getMessage()).doesNotStartWith("target.");
    }

    private static String abbreviate(String input) {
        return input == null || input.length() < 60 ? String.valueOf(input) : input.substring(0, 60) + "...";
    }
}
