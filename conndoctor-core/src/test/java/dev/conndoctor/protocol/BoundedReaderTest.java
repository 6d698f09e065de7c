package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.protocol.BoundedReader.Ending;
import dev.conndoctor.protocol.BoundedReader.Read;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedReaderTest {

    private static final long SOON = 5_000_000_000L;

    /** A stream that hands out its chunks one read at a time, then ends or fails as told. */
    private static final class Chunks extends InputStream {
        private final List<byte[]> chunks;
        private final IOException atEnd;

        Chunks(IOException atEnd, String... chunks) {
            this.chunks = new ArrayList<>();
            for (String chunk : chunks) {
                this.chunks.add(chunk.getBytes(StandardCharsets.ISO_8859_1));
            }
            this.atEnd = atEnd;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads into its buffer");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (chunks.isEmpty()) {
                if (atEnd != null) {
                    throw atEnd;
                }
                return -1;
            }
            byte[] chunk = chunks.remove(0);
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            return n;
        }
    }

    private static Read read(InputStream in, int size, BoundedReader.Enough enough) throws IOException {
        return BoundedReader.read(in, millis -> { }, new byte[size], System.nanoTime() + SOON, enough);
    }

    @Test
    void firstBytesStopAfterOneRead() throws IOException {
        Read read = read(new Chunks(null, "HTTP/1.1 ", "200 OK"), 64, BoundedReader.FIRST_BYTES);

        assertThat(read).isEqualTo(new Read(9, Ending.ENOUGH, java.util.Optional.empty()));
    }

    @Test
    void theConditionSeesEveryByteSoFar() throws IOException {
        BoundedReader.Enough blankLine = (buffer, count) ->
                new String(buffer, 0, count, StandardCharsets.ISO_8859_1).contains("\r\n\r\n");

        Read read = read(new Chunks(null, "GET / HTTP/1.1\r\n", "Host: a\r\n", "\r\n", "more"), 64, blankLine);

        assertThat(read.count()).isEqualTo(27);
        assertThat(read.ending()).isEqualTo(Ending.ENOUGH);
    }

    @Test
    void theBufferBoundsTheRead() throws IOException {
        Read read = read(new Chunks(null, "abcdef", "ghijkl"), 8, (buffer, count) -> false);

        assertThat(read.count()).isEqualTo(8);
        assertThat(read.ending()).isEqualTo(Ending.FULL);
    }

    @Test
    void theEndOfTheStreamKeepsWhatCameBefore() throws IOException {
        assertThat(read(new Chunks(null, "abc"), 64, (buffer, count) -> false))
                .isEqualTo(new Read(3, Ending.END_OF_STREAM, java.util.Optional.empty()));
        assertThat(read(new Chunks(null), 64, BoundedReader.FIRST_BYTES).ending()).isEqualTo(Ending.END_OF_STREAM);
    }

    @Test
    void aTimedOutReadEndsAtTheDeadline() throws IOException {
        Read read = read(new Chunks(new SocketTimeoutException("Read timed out"), "ab"), 64, (buffer, count) -> false);

        assertThat(read).isEqualTo(new Read(2, Ending.DEADLINE, java.util.Optional.empty()));
    }

    @Test
    void aFailedReadIsHandedBackWithWhatCameBefore() throws IOException {
        SocketException reset = new SocketException("Connection reset");

        Read read = read(new Chunks(reset, "ab"), 64, (buffer, count) -> false);

        assertThat(read.count()).isEqualTo(2);
        assertThat(read.ending()).isEqualTo(Ending.FAILED);
        assertThat(read.failure()).containsSame(reset);
    }

    @Test
    void aPassedDeadlineReadsNothing() throws IOException {
        Read read = BoundedReader.read(new Chunks(null, "abc"), millis -> { }, new byte[8], System.nanoTime() - 1,
                BoundedReader.FIRST_BYTES);

        assertThat(read).isEqualTo(new Read(0, Ending.DEADLINE, java.util.Optional.empty()));
    }

    @Test
    void theTimeoutIsWhatIsLeftOfTheDeadlineBeforeEachRead() throws IOException {
        List<Integer> timeouts = new ArrayList<>();

        BoundedReader.read(new Chunks(null, "a", "b"), timeouts::add, new byte[8], System.nanoTime() + 2_000_000_000L,
                (buffer, count) -> false);

        assertThat(timeouts).hasSize(3); // two chunks and the read that sees the end
        assertThat(timeouts).allSatisfy(ms -> assertThat(ms).isBetween(1, 2_000));
        assertThat(timeouts).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void aReadCutByAWatchdogAfterTheDeadlineEndedByTheDeadlineNotByThePeer() throws IOException {
        // a hand-turned clock: 1 s left while bytes drip in, nothing left when the watchdog closes the socket
        long[] remaining = {1_000_000_000L};
        InputStream dripping = new InputStream() {
            private int reads;

            @Override
            public int read() {
                throw new UnsupportedOperationException("the reader reads into its buffer");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (reads++ < 2) {
                    b[off] = 'H';
                    return 1;
                }
                remaining[0] = 0;
                throw new SocketException("Socket closed");
            }
        };

        Read read = BoundedReader.read(dripping, millis -> { }, new byte[8], () -> remaining[0],
                (buffer, count) -> false);

        assertThat(read.count()).isEqualTo(2);
        assertThat(read.ending()).isEqualTo(Ending.DEADLINE);
    }

    @Test
    void aReadThatFailsBeforeTheDeadlineIsStillTheFailure() throws IOException {
        SocketException reset = new SocketException("Connection reset");

        Read read = BoundedReader.read(new Chunks(reset), millis -> { }, new byte[8], () -> 1_000_000_000L,
                (buffer, count) -> false);

        assertThat(read.ending()).isEqualTo(Ending.FAILED);
        assertThat(read.failure()).containsSame(reset);
    }
}
