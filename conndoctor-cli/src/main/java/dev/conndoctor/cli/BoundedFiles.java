package dev.conndoctor.cli;

import dev.conndoctor.Text;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one way the CLI reads what an option names: a file, a device, a FIFO, a process
 * substitution ({@code <(...)}) or standard input, never more than a limit in bytes.
 *
 * <p>A file's size says nothing for {@code /dev/zero}, a pipe or {@code /proc}: the limit is
 * counted on the bytes as they are read, and one byte past it ends the read with a one-line usage
 * error naming the option and the limit. Text is decoded leniently (a malformed byte becomes
 * U+FFFD): a log or a list with one stray byte is still worth reading.
 *
 * <p>Time is bounded too: opening a FIFO that nothing writes to blocks in the kernel, and a
 * writer may hold a pipe open without writing; a file an option names is opened and read whole
 * within {@link #DEADLINE}, or the read is given up with a one-line usage error. (A log streamed
 * to {@code explain} is bounded in bytes only: it ends when its writer says so.)
 */
final class BoundedFiles {
    /** No file an option names (a report, a list, a certificate, a token) needs longer to open and read. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private BoundedFiles() {
    }

    /** The bytes of {@code file}, named by {@code option} in errors; a usage error past {@code limit} or {@link #DEADLINE}. */
    static byte[] bytes(String option, Path file, long limit) {
        return bytes(option, file, limit, DEADLINE);
    }

    static byte[] bytes(String option, Path file, long limit, Duration deadline) {
        String name = option + " " + file;
        return within(name, deadline, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return bytes(name, in, limit);
            } catch (IOException e) {
                throw cannotRead(name, e);
            }
        });
    }

    /** {@link #bytes} decoded as UTF-8, malformed bytes replaced. */
    static String text(String option, Path file, long limit) {
        return new String(bytes(option, file, limit), StandardCharsets.UTF_8);
    }

    /** {@link #bytes} decoded as {@code charset}, malformed bytes replaced. */
    static String text(String option, Path file, long limit, Charset charset) {
        return new String(bytes(option, file, limit), charset);
    }

    /** At most {@code limit} bytes of {@code in}, named {@code name} in errors; the stream stays open. */
    static byte[] bytes(String name, InputStream in, long limit) {
        try {
            // one byte more than allowed tells "exactly the limit" from "past it" without reading on
            byte[] read = in.readNBytes(Math.toIntExact(Math.min(limit + 1, Integer.MAX_VALUE - 8)));
            if (read.length > limit) {
                throw tooLarge(name, limit);
            }
            return read;
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    /**
     * A reader of {@code in} as UTF-8 (malformed bytes replaced) for input read as a stream, never
     * whole: once more than {@code limit} bytes came through, a read throws an IOException that
     * {@link #cannotRead} turns into the usage error naming the limit.
     */
    static Reader reader(String name, InputStream in, long limit) {
        return new InputStreamReader(new Limited(in, name, limit), StandardCharsets.UTF_8);
    }

    /** Opens {@code file} within {@link #DEADLINE} for {@link #reader(String, InputStream, long)}; the caller closes it. */
    static InputStream open(String option, Path file) {
        String name = option + " " + file;
        return within(name, DEADLINE, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw cannotRead(name, e);
            }
        });
    }

    /**
     * What {@code work} gives within {@code deadline}, run on a daemon thread: a thread blocked in
     * {@code open(2)} on a FIFO cannot be interrupted, so it is left behind rather than waited for,
     * and it cannot keep the JVM alive.
     */
    private static <T> T within(String name, Duration deadline, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread reader = new Thread(task, "conndoctor-read-file");
        reader.setDaemon(true);
        reader.start();
        try {
            return task.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw stalled(name, deadline);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw stalled(name, deadline);
        }
    }

    /** The usage error for a failed read of {@code name}: past its limit, or what the system said. */
    static UsageException cannotRead(String name, IOException e) {
        if (e instanceof TooLarge tooLarge) {
            return tooLarge(tooLarge.name, tooLarge.limit);
        }
        return new UsageException("error.cannot-read", name, reason(e));
    }

    /** A size as people write it: {@code 4 MB}, {@code 64 KB}, {@code 100 bytes}. */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private static UsageException stalled(String name, Duration deadline) {
        long millis = deadline.toMillis();
        return new UsageException("error.input-stalled", name, millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
    }

    private static UsageException tooLarge(String name, long limit) {
        return new UsageException("error.input-too-large", name, size(limit));
    }

    /** NoSuchFileException and its kin carry only the path as their message: say what happened, in words. */
    private static Object reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return Text.of("error.io.no-such-file");
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return Text.of("error.io.denied");
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs) {
            message = fs.getReason() == null ? "" : fs.getReason();
        }
        if (message.equals("Is a directory")) {
            return Text.of("error.io.directory");
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    /** Counts bytes as they pass and fails one byte past the limit. */
    private static final class Limited extends FilterInputStream {
        private final String name;
        private final long limit;
        private long count;

        Limited(InputStream in, String name, long limit) {
            super(in);
            this.name = name;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge(name, limit);
            }
        }
    }

    /** What {@link Limited} throws through the decoder; {@link #cannotRead} turns it into a usage error. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final long limit;

        TooLarge(String name, long limit) {
            super(name + ": larger than " + size(limit));
            this.name = name;
            this.limit = limit;
        }
    }
}
