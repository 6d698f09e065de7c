package dev.conndoctor.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a process's command line ({@code /proc/PID/cmdline}) into what a report may carry: the
 * program's name and the shape of its arguments, with every value that looks like a secret
 * replaced by {@value #REDACTED}. Pure.
 *
 * <p>A server report is meant to be copied to another machine, so it must not carry what people
 * put in argv: {@code redis-server --requirepass x}, {@code mysqld --password=x}, a listener's
 * {@code --token}, a database URL with {@code user:pass@}. Redaction errs towards hiding: a value
 * hidden by mistake costs a detail of the report, a value shown by mistake costs a secret.
 */
public final class CommandLines {
    /** What stands in a report for a hidden value. */
    public static final String REDACTED = "<redacted>";
    /** Arguments past this many are left out: the shape is told by the first ones. */
    static final int MAX_ARGUMENTS = 64;
    /** A shape longer than this is cut, as the raw command line was. */
    static final int MAX_LENGTH = 300;
    /** An argument longer than this (a Java class path) is cut, so that the arguments after it are still seen. */
    static final int MAX_ARGUMENT = 64;

    /**
     * A name that says its value is a secret: a flag ({@code --requirepass}), a key before
     * {@code =} ({@code spring.datasource.password=}), a header before {@code :}. Names ending in
     * file, path, dir, env or stdin name where the secret is, not the secret, and stay visible.
     */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(pass|pwd|secret|token|credential|cookie|auth|apikey|api[-_.]key|accesskey|access[-_.]key"
                    + "|privatekey|private[-_.]key|jwt|bearer|signature|dsn|connection[-_.]?string"
                    + "|(^|[-_.])key($|[-_.])).*");
    private static final Pattern NAMES_A_PLACE = Pattern.compile("(?i).*[-_.]?(file|path|dir|env|stdin)$");
    /** A URL's user information with a password: {@code scheme://user:password@}. */
    private static final Pattern URL_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@:\\s]*)(:[^/@\\s]*)?@");
    /** {@code name=value} pairs inside an argument: query strings, DSNs ({@code a=b;c=d}), env-style words. */
    private static final Pattern PAIR = Pattern.compile("(^|[?&;,\\s])([^?&;,=\\s]+)=([^&;,\\s]*)");
    /** {@code Name: value}, as a header given to curl or a proxy. */
    private static final Pattern HEADER = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*:\\s*(.+)$");
    /** The MySQL family, whose {@code -pSECRET} is a password whatever it looks like. */
    private static final Pattern MYSQL = Pattern.compile("(?i)(mysql|mariadb|mysqld|mysqladmin|mysqldump|mysqlsh|mysqld_safe)");
    private static final Pattern JWT = Pattern.compile("^eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");

    private CommandLines() {
    }

    /**
     * The shape of a raw {@code /proc/PID/cmdline}: arguments separated by NUL bytes, as the
     * kernel gives them. Empty for a process without a command line (a kernel thread, a zombie).
     */
    public static String shape(String procCmdline) {
        List<String> argv = new ArrayList<>();
        for (String arg : procCmdline.split("\0", -1)) {
            argv.add(arg);
        }
        // the kernel ends the list with a NUL: no empty last argument
        while (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) {
            argv.remove(argv.size() - 1);
        }
        return shape(argv);
    }

    /** The shape of {@code argv}: the program's file name, then its arguments with secret values redacted. */
    public static String shape(List<String> argv) {
        if (argv.isEmpty()) {
            return "";
        }
        List<String> words = new ArrayList<>();
        String program = programName(argv.get(0));
        boolean mysql = MYSQL.matcher(program).matches();
        words.add(redactWord(program, false));
        boolean nextIsSecret = false;
        for (int i = 1; i < argv.size(); i++) {
            if (i > MAX_ARGUMENTS) {
                words.add("…");
                break;
            }
            String arg = argv.get(i);
            if (nextIsSecret && !arg.startsWith("--")) {
                words.add(REDACTED);
                nextIsSecret = false;
                continue;
            }
            nextIsSecret = takesSecretValue(arg, i + 1 < argv.size() ? argv.get(i + 1) : "");
            words.add(quoted(cut(redactWord(arg, mysql))));
        }
        String shape = String.join(" ", words);
        return shape.length() > MAX_LENGTH ? shape.substring(0, MAX_LENGTH) + "…" : shape;
    }

    /** The program as its file name: a path before it tells where it is installed, and may name a user's home. */
    private static String programName(String argv0) {
        String name = argv0.strip();
        int slash = name.lastIndexOf('/');
        // "postgres: checkpointer" and the like: a process that rewrote its title keeps it whole
        return slash >= 0 && !name.contains(" ") ? name.substring(slash + 1) : name;
    }

    /** Whether {@code arg} is a flag whose value, the next argument, is a secret: {@code --requirepass X}, {@code -p X}. */
    private static boolean takesSecretValue(String arg, String next) {
        if (arg.equals("-p")) {
            // MySQL's password flag; a number after it is a port (redis-cli -p 6379, ssh -p 22)
            return !next.matches("\\d+") && !next.startsWith("-");
        }
        if (!arg.startsWith("-") || arg.contains("=") || arg.equals("-") || arg.equals("--")) {
            return false;
        }
        return secretName(arg.replaceFirst("^-+", ""));
    }

    static boolean secretName(String name) {
        return SECRET_NAME.matcher(name).matches() && !NAMES_A_PLACE.matcher(name).matches();
    }

    /** One argument with what it holds of a secret redacted: attached values, pairs, URL passwords, tokens. */
    private static String redactWord(String arg, boolean mysql) {
        if (arg.startsWith("-p") && !arg.startsWith("--") && arg.length() > 2) {
            String attached = arg.substring(2);
            // -pSECRET is MySQL's attached password; -p8080 is a port, and -proto, -pidfile are
            // single-dash flags (docker-proxy, Go programs): only lower-case letters and dashes
            boolean flagWord = attached.matches("\\d+") || !mysql && attached.matches("[a-z][a-z-]*");
            if (!flagWord) {
                return "-p" + REDACTED;
            }
        }
        Matcher header = HEADER.matcher(arg);
        if (header.matches() && !arg.contains("://") && secretName(header.group(1))) {
            return header.group(1) + ": " + REDACTED;
        }
        String out = redactUrlUserinfo(arg);
        out = redactPairs(out);
        if (looksLikeAToken(out)) {
            return REDACTED;
        }
        return out;
    }

    private static String redactUrlUserinfo(String arg) {
        Matcher m = URL_USERINFO.matcher(arg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String user = m.group(2);
            String replacement;
            if (m.group(3) != null) {
                replacement = m.group(1) + user + ":" + REDACTED + "@";
            } else {
                // a user alone is most often a name (postgres@), but a token passed as the user is a secret
                replacement = m.group(1) + (looksLikeAToken(user) ? REDACTED : user) + "@";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String redactPairs(String arg) {
        Matcher m = PAIR.matcher(arg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).replaceFirst("^-+", "").replaceFirst("^D(?=[a-z])", "");
            String value = m.group(3);
            boolean hide = !value.isEmpty() && (secretName(name) || looksLikeAToken(value));
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + "=" + (hide ? REDACTED : value)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Whether a bare value looks like a generated secret (an API key, a JWT, a long hex or base64
     * string) rather than a word, a path, a version or a file name.
     */
    static boolean looksLikeAToken(String value) {
        if (value.equals(REDACTED) || value.contains("/") || value.contains(REDACTED)) {
            return false;
        }
        if (JWT.matcher(value).matches()) {
            return true;
        }
        if (value.length() < 20 || !value.matches("[A-Za-z0-9_+=-]+")) {
            return false; // file names, versions (app-1.2.3.jar) and words have dots, or are short
        }
        long digits = value.chars().filter(Character::isDigit).count();
        long lower = value.chars().filter(Character::isLowerCase).count();
        long upper = value.chars().filter(Character::isUpperCase).count();
        boolean mixed = digits > 0 && lower > 0 && upper > 0;
        boolean hexOrNumbers = value.length() >= 32 && digits * 4 >= value.length();
        return mixed && digits >= 3 || hexOrNumbers;
    }

    private static String cut(String word) {
        return word.length() > MAX_ARGUMENT ? word.substring(0, MAX_ARGUMENT) + "…" : word;
    }

    /** An argument with a space or nothing in it is quoted, so that the shape reads as the arguments it has. */
    private static String quoted(String word) {
        if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
            return "'" + word.replace("'", "'\\''") + "'";
        }
        return word;
    }
}
