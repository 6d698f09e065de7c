package dev.conndoctor.evidence;

/** One record of a DNS answer: {@code example.com. 300 A 192.0.2.10}. */
public record DnsRecord(String name, String type, long ttl, String data) {
}
