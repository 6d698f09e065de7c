package dev.conndoctor.cli.exporter;

import dev.conndoctor.Diagnosis;
import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.protocol.HttpResponseHead;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * {@code probe_success} as blackbox_exporter means it, read off a diagnosis: the address its
 * {@code chooseProtocol} would dial (the first of the preferred family, ip6 unless the module
 * says ip4, the other family only with {@code ip_protocol_fallback}) must have connected, and then
 * per prober: tcp is done (with the TLS handshake when {@code tls: true}); http needs an answer
 * whose status is valid ({@code valid_status_codes}, 2xx by default), whose version is valid and
 * whose TLS matches {@code fail_if_ssl} / {@code fail_if_not_ssl}; websocket needs the upgrade to
 * succeed. The {@code conndoctor} prober succeeds when the diagnosis says the connection works.
 * Pure: the causes come from the diagnosis, this only answers blackbox_exporter's question.
 */
public final class ProbeVerdict {

    private ProbeVerdict() {
    }

    public static boolean success(ProbeModule module, Target target, Diagnosis diagnosis) {
        if (module.prober() == ProberKind.CONNDOCTOR) {
            return diagnosis.ok();
        }
        Optional<InetAddress> chosen = chosenAddress(module, diagnosis.evidence().reach().resolution());
        boolean connected = chosen.flatMap(a -> attemptTo(diagnosis, a))
                .filter(a -> a.outcome() == ConnectOutcome.CONNECTED)
                .isPresent();
        if (!connected) {
            return false;
        }
        Optional<ProtocolExchange> exchange = diagnosis.evidence().exchange();
        return switch (module.prober()) {
            case TCP -> !module.tls() || exchange.flatMap(ProtocolExchange::tls).filter(TlsOutcome::established).isPresent();
            case HTTP -> exchange.filter(x -> httpSuccess(module, target, x)).isPresent();
            case WEBSOCKET -> exchange.flatMap(ProtocolExchange::websocket).filter(v -> v.ok()).isPresent();
            case CONNDOCTOR -> diagnosis.ok();
        };
    }

    private static boolean httpSuccess(ProbeModule module, Target target, ProtocolExchange x) {
        Optional<HttpResponseHead> head = x.http();
        if (head.isEmpty()) {
            return false;
        }
        int status = head.get().status();
        boolean statusValid = module.validStatusCodes().isEmpty() ? status >= 200 && status < 300
                : module.validStatusCodes().contains(status);
        boolean versionValid = module.validHttpVersions().isEmpty()
                || module.validHttpVersions().contains(head.get().version());
        boolean ssl = target.scheme() == Scheme.HTTPS;
        return statusValid && versionValid && !(ssl && module.failIfSsl()) && !(!ssl && module.failIfNotSsl());
    }

    /**
     * The address blackbox_exporter would dial: the first of the preferred family in the resolver's
     * order; the first of the other family only when the module allows the fallback.
     */
    public static Optional<InetAddress> chosenAddress(ProbeModule module, Resolution resolution) {
        Optional<InetAddress> preferred = resolution.addresses().stream().map(ResolvedAddress::address)
                .filter(a -> (a instanceof Inet6Address) != module.preferIpv4())
                .findFirst();
        if (preferred.isPresent() || !module.ipProtocolFallback()) {
            return preferred;
        }
        return resolution.addresses().stream().map(ResolvedAddress::address).findFirst();
    }

    static Optional<ConnectAttempt> attemptTo(Diagnosis diagnosis, InetAddress address) {
        return diagnosis.evidence().reach().attempts().stream().filter(a -> a.address().equals(address)).findFirst();
    }
}
