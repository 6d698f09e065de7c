package dev.conndoctor.config;

import java.util.List;
import java.util.Optional;

/**
 * Whether a typical client would go through a proxy for a target, and why.
 *
 * @param proxy the proxy in effect (empty: direct)
 * @param variable the variable that named a proxy ("" when none did)
 * @param configured the proxy that variable named, even when NO_PROXY bypasses it
 * @param bypassedBy the NO_PROXY entry that takes the target out of the proxy
 * @param jvmProperties the JVM proxy properties set in this process, as "name=value"
 */
public record ProxyDecision(Optional<ProxyUrl> proxy, String variable, Optional<ProxyUrl> configured,
                            Optional<String> bypassedBy, List<String> jvmProperties) {

    public ProxyDecision {
        jvmProperties = List.copyOf(jvmProperties);
    }

    public static ProxyDecision direct() {
        return new ProxyDecision(Optional.empty(), "", Optional.empty(), Optional.empty(), List.of());
    }
}
