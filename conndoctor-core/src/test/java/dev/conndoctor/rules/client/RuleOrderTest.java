package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.ExchangeBuilder.validCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Diagnosis;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.fixtures.ExchangeBuilder;
import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.RuleEngine;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order the client's rules are registered in does not matter: shuffled, reversed, the
 * diagnosis of every representative evidence (every failure scenario of the rule text tests,
 * every canned answer to every scheme, with and without a TLS follow-up, every TLS problem, the
 * server report joins) is the same, causes, their order and what was ruled out.
 */
class RuleOrderTest {

    @Test
    void shuffledRulesGiveTheSameDiagnosisForEveryRepresentativeEvidence() throws Exception {
        List<Evidence> scenarios = scenarios();
        Diagnoser registered = Diagnosers.client();
        List<Diagnoser> reordered = new ArrayList<>();
        List<Rule<Evidence>> rules = new ArrayList<>(ClientRules.all());
        Collections.reverse(rules);
        reordered.add(diagnoser(rules));
        for (long seed = 1; seed <= 5; seed++) {
            Collections.shuffle(rules, new Random(seed));
            reordered.add(diagnoser(rules));
        }

        int withCauses = 0;
        for (Evidence evidence : scenarios) {
            Diagnosis expected = registered.diagnose(evidence, 1);
            withCauses += expected.causes().size() > 1 ? 1 : 0;
            for (Diagnoser other : reordered) {
                Diagnosis d = other.diagnose(evidence, 1);
                assertThat(d.causes()).as("causes of %s", evidence.target()).isEqualTo(expected.causes());
                assertThat(d.ruledOut()).as("ruled out for %s", evidence.target()).isEqualTo(expected.ruledOut());
            }
        }
        // the scenarios must include ties to break, or the test proves nothing
        assertThat(withCauses).isGreaterThan(50);
    }

    private static Diagnoser diagnoser(List<Rule<Evidence>> rules) {
        return new Diagnoser(new RuleEngine<>(List.copyOf(rules), ClientRules.precedence()));
    }

    static List<Evidence> scenarios() throws Exception {
        List<Evidence> all = new ArrayList<>();
        RuleTextsTest.scenarios().forEach(all::add);
        ProtocolRuleTextsTest.failures().forEach(all::add);
        List<Object> answers = new ArrayList<>();
        for (Field f : Answers.class.getFields()) {
            answers.add(f.get(null));
        }
        answers.addAll(List.of("HTTP/1.1 504 Gateway Timeout\r\nServer: nginx\r\n\r\n", "HTTP/1.1 502 Bad Gateway\r\n\r\n",
                "HTTP/1.1 401 Unauthorized\r\nServer: nginx\r\n\r\n", "HTTP/1.1 404 Not Found\r\nServer: nginx\r\n\r\n",
                "hello\n"));
        for (String target : List.of("ws://192.0.2.10:80/chat", "wss://192.0.2.10:443/chat", "http://192.0.2.10:80/",
                "https://192.0.2.10:443/", "text://192.0.2.10:7000")) {
            boolean secure = target.startsWith("wss") || target.startsWith("https");
            for (Object answer : answers) {
                for (FollowUp followUp : FollowUp.values()) {
                    ExchangeBuilder x = exchange(target, secure, followUp);
                    all.add((answer instanceof String s ? x.answer(s) : x.answer((byte[]) answer)).evidence());
                }
            }
            for (FollowUp followUp : FollowUp.values()) {
                all.add(exchange(target, secure, followUp).closed().evidence());
                all.add(exchange(target, secure, followUp).silent().evidence());
                all.add(exchange(target, secure, followUp).reset().evidence());
            }
            for (TlsProblem problem : TlsProblem.values()) {
                all.add(to(target).tls(tlsFailed(problem, "d", validCertificate("CN=a", "CN=R", "a.example"))).evidence());
                all.add(to(target).tls(tlsFailed(problem, "d", ExchangeBuilder.certificate("CN=a", "CN=R3",
                        List.of("a.example"), "2024-01-01T00:00:00Z", "2024-04-01T00:00:00Z"))).evidence());
            }
        }
        InetAddress wildcard = InetAddress.getByName("0.0.0.0");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        all.add(target("192.0.2.10:8282").timedOut("192.0.2.10")
                .serverFacts(new ServerFacts(8282, List.of(wildcard), true, List.of("iptables: -j DROP"), Optional.empty()))
                .build());
        all.add(target("192.0.2.10:8282").timedOut("192.0.2.10")
                .serverFacts(new ServerFacts(8282, List.of(wildcard), false, List.of(), Optional.empty())).build());
        all.add(target("192.0.2.10:8282").refused("192.0.2.10", 1)
                .serverFacts(new ServerFacts(8282, List.of(loopback), true, List.of("iptables: -j REJECT"),
                        Optional.of("baota"), true)).build());
        all.add(target("192.0.2.10:8282").refused("192.0.2.10", 1)
                .serverFacts(new ServerFacts(8282, List.of(), false, List.of(), Optional.empty())).build());
        return all;
    }

    /** What a TLS handshake tried on the same port said: not tried, worked, failed. */
    private enum FollowUp { NONE, WORKS, FAILS }

    private static ExchangeBuilder exchange(String target, boolean secure, FollowUp followUp) {
        ExchangeBuilder x = to(target);
        if (secure) {
            x.tls(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        }
        if (followUp == FollowUp.WORKS) {
            x.tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                    validCertificate("CN=a", "CN=R", "a.example")));
        } else if (followUp == FollowUp.FAILS) {
            x.tlsFollowUp(tlsFailed(TlsProblem.CLOSED, "closed"));
        }
        return x;
    }
}
