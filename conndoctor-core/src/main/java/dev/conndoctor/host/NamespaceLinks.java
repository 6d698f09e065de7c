package dev.conndoctor.host;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kernel's namespace links: {@code readlink /proc/PID/ns/net} is {@code net:[4026531840]},
 * the namespace's inode, which is the same for every process in it; a descriptor open on a
 * namespace file ({@code /proc/PID/fd/N}, pasta's {@code --netns}) reads the same way. Pure.
 */
public final class NamespaceLinks {
    private static final Pattern LINK = Pattern.compile("^([a-z_]+):\\[(\\d+)\\]$");

    private NamespaceLinks() {
    }

    /** The inode of a {@code KIND:[INODE]} link of kind {@code kind} ("net"), or empty for another link. */
    public static OptionalLong inode(String link, String kind) {
        Matcher m = LINK.matcher(link.trim());
        return m.matches() && m.group(1).equals(kind) ? OptionalLong.of(Long.parseLong(m.group(2))) : OptionalLong.empty();
    }
}
