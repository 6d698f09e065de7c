package dev.conndoctor.net;

/**
 * Strict recognizers for IP address literals as a person writes them in a target, so that
 * "999.1.1.1" is an error and not a host name to look up.
 */
public final class AddressLiterals {
    private AddressLiterals() {
    }

    /** A dotted quad of decimal numbers 0 to 255, without leading zeros (they read as octal elsewhere). */
    public static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal: hex groups, at most one "::", an optional IPv4 tail and zone ("%eth0"). */
    public static boolean isIpv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            String id = s.substring(zone + 1);
            if (id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '-' || c == '_')) {
                return false;
            }
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || s.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int groups = 0;
        for (String side : new String[] {head, tail}) {
            if (side.isEmpty()) {
                continue;
            }
            String[] parts = side.split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                // an IPv4 tail may only end the whole address
                boolean last = (doubleColon >= 0 ? side == tail : side == head) && i == parts.length - 1;
                if (last && part.indexOf('.') >= 0) {
                    if (!isIpv4(part)) {
                        return false;
                    }
                    groups += 2;
                } else if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(AddressLiterals::isHex)) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
