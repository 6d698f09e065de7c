package dev.conndoctor.probe;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's selector provider, except that it runs out of file descriptors where told: at the
 * selector, or after some channels. The failures are raised as the JDK raises EMFILE on Linux.
 */
final class FakeSelectorProvider extends SelectorProvider {

    private final SelectorProvider system = SelectorProvider.provider();
    private final boolean selectorFails;
    private final AtomicInteger channelsLeft;

    private FakeSelectorProvider(boolean selectorFails, int channelsLeft) {
        this.selectorFails = selectorFails;
        this.channelsLeft = new AtomicInteger(channelsLeft);
    }

    /** No descriptor left even for the selector. */
    static FakeSelectorProvider noDescriptorForTheSelector() {
        return new FakeSelectorProvider(true, 0);
    }

    /** A selector, then {@code channels} socket channels, then no descriptor left. */
    static FakeSelectorProvider descriptorsForChannels(int channels) {
        return new FakeSelectorProvider(false, channels);
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        if (selectorFails) {
            throw new IOException("Too many open files"); // what EPollSelectorImpl raises at the limit
        }
        return system.openSelector();
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        if (channelsLeft.getAndDecrement() <= 0) {
            throw new SocketException("Too many open files");
        }
        return system.openSocketChannel();
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        if (channelsLeft.getAndDecrement() <= 0) {
            throw new SocketException("Too many open files");
        }
        return system.openSocketChannel(family);
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return system.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return system.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return system.openPipe();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return system.openServerSocketChannel();
    }
}
