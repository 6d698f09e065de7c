package dev.conndoctor.config;

import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The proxy configuration a client on this machine would find: the proxy variables in both
 * cases (lower case first, as curl reads them), NO_PROXY, and the JVM's proxy properties.
 * Pure: the environment and properties are handed in.
 */
public final class ProxySettings {
    private final Map<String, String> environment;
    private final Properties properties;

    public ProxySettings(Map<String, String> environment, Properties properties) {
        this.environment = Map.copyOf(environment);
        this.properties = (Properties) properties.clone();
    }

    /**
     * What a typical client does for {@code target}: the proxy that applies, with the variable it
     * came from, or the NO_PROXY entry that bypasses it.
     */
    public ProxyDecision decide(Target target) {
        List<String> variables = switch (target.scheme()) {
            case HTTP, WS -> List.of("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY");
            case HTTPS, WSS -> List.of("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
            default -> List.of("all_proxy", "ALL_PROXY");
        };
        for (String variable : variables) {
            Optional<ProxyUrl> proxy = ProxyUrl.parse(environment.get(variable));
            if (proxy.isPresent()) {
                String noProxyVariable = environment.containsKey("no_proxy") ? "no_proxy" : "NO_PROXY";
                Optional<String> bypass = new NoProxy(environment.get(noProxyVariable))
                        .bypass(target.host(), target.port());
                return new ProxyDecision(bypass.isPresent() ? Optional.empty() : proxy, variable, proxy,
                        bypass.map(e -> noProxyVariable + "=" + e), jvmProxies(target));
            }
        }
        return new ProxyDecision(Optional.empty(), "", Optional.empty(), Optional.empty(), jvmProxies(target));
    }

    /** The JVM proxy properties a Java client would use for this scheme, as "name=value". */
    private List<String> jvmProxies(Target target) {
        List<String> found = new ArrayList<>();
        String prefix = target.scheme() == Scheme.HTTPS || target.scheme() == Scheme.WSS ? "https" : "http";
        for (String name : List.of(prefix + ".proxyHost", prefix + ".proxyPort", "socksProxyHost", "socksProxyPort",
                "http.nonProxyHosts", "java.net.useSystemProxies")) {
            String value = properties.getProperty(name);
            if (value != null && !value.isBlank()) {
                found.add(name + "=" + value);
            }
        }
        return found;
    }
}
