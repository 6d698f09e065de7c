package dev.conndoctor.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the proof token of {@code diagnose} and {@code listen} comes from: {@code --token},
 * {@code --token-file FILE} or the {@value #VARIABLE} environment variable, at most one of them,
 * never empty.
 *
 * <p>The file and the variable exist because argv is readable by every user of the host
 * ({@code ps}, {@code /proc/PID/cmdline}); both ends of the proof need them, so both commands
 * take the token the same way.
 */
final class TokenSource {
    /** The environment variable that holds the token out of argv. */
    static final String VARIABLE = "CONNDOCTOR_TOKEN";
    /** A token file larger than this is not a token file: read no further. */
    static final int MAX_FILE_BYTES = 1024;

    private TokenSource() {
    }

    /** The one token given, if any; a usage error for two sources or an empty token. */
    static Optional<String> resolve(String token, Path tokenFile, CliContext context) {
        Optional<String> fromEnvironment = context.env(VARIABLE);
        int given = (token != null ? 1 : 0) + (tokenFile != null ? 1 : 0) + (fromEnvironment.isPresent() ? 1 : 0);
        if (given > 1) {
            throw new UsageException("error.token-sources", VARIABLE);
        }
        if (token != null && token.isEmpty()) {
            throw new UsageException("error.empty-token");
        }
        if (fromEnvironment.isPresent() && fromEnvironment.get().isEmpty()) {
            throw new UsageException("error.empty-token-from", VARIABLE);
        }
        if (tokenFile != null) {
            return Optional.of(readFile(tokenFile));
        }
        return Optional.ofNullable(token).or(() -> fromEnvironment);
    }

    /** One line of at most {@link #MAX_FILE_BYTES} bytes of UTF-8, its line end dropped. */
    static String readFile(Path file) {
        byte[] bytes = BoundedFiles.bytes("--token-file", file, MAX_FILE_BYTES);
        String text;
        try {
            // strict, unlike a log: a token with a replaced byte would silently never match
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException("error.token-file-lines", file);
        }
        // the line end an editor or `echo` leaves is not part of the token; a second line means the wrong file
        String line = text.replaceFirst("[\\r\\n]+$", "");
        if (line.isEmpty()) {
            throw new UsageException("error.empty-token-from", file);
        }
        if (line.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw new UsageException("error.token-file-lines", file);
        }
        return line;
    }
}
