package dev.conndoctor.host;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IPv4 addresses of a network namespace, read from its {@code /proc/PID/net/fib_trie}: the
 * kernel's routing trie, where each address of the namespace is a leaf with a {@code /32 host
 * LOCAL} entry. Readable without entering the namespace, unlike {@code ip addr}. Pure.
 *
 * <pre>
 *      +-- 203.0.113.192/27 2 0 2
 *         +-- 203.0.113.192/30 2 0 2
 *            |-- 203.0.113.194
 *               /32 host LOCAL
 * </pre>
 */
public final class FibTrie {
    private static final Pattern LEAF = Pattern.compile("^\\s*\\|-- (\\d{1,3}(?:\\.\\d{1,3}){3})\\s*$");
    private static final Pattern LOCAL = Pattern.compile("^\\s*/32 \\S+ LOCAL\\s*$");

    private FibTrie() {
    }

    /** The namespace's own addresses, loopback included, each once, in the trie's order. */
    public static List<InetAddress> localAddresses(String fibTrie) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        InetAddress leaf = null;
        for (String line : fibTrie.split("\n")) {
            Matcher m = LEAF.matcher(line);
            if (m.matches()) {
                leaf = DockerProxyCommand.address(m.group(1)).orElse(null);
            } else if (leaf != null && LOCAL.matcher(line).matches()) {
                addresses.add(leaf);
            }
        }
        return new ArrayList<>(addresses);
    }
}
