package web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cap on the connections open to Callout's HTTP server ({@code callout.http.max-connections}): with that many open,
 * a new one is closed as soon as it is accepted, before Vert.x reads a byte of it, and counted.
 *
 * <p>Vert.x 4.5 has no such option, and its connection handler runs only once a request's head is complete, too late
 * for clients that connect and send nothing. The one place that sees a connection first is the Netty server
 * channel's pipeline, ahead of the bootstrap's acceptor: Vert.x builds the server's {@link ServerBootstrap} and hands
 * it to its {@link Transport} ({@code configure(NetServerOptions, boolean, ServerBootstrap)}) before binding, and sets
 * no server-channel handler itself. {@link #transport} wraps the default transport so that this hook adds the cap's
 * handler to the bootstrap of every server of the Vert.x instance built with it, Callout's HTTP server's own (see
 * HttpServerErrors.install), which makes no other server.
 * Each accepted connection is counted until its channel closes, so the count holds however Vert.x ends it (idle
 * timeout, client close, keep-alive end).
 */
public final class ConnectionCap {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastLog;

    /** {@code max} connections at once; 0 or less: no cap (connections are still counted). */
    public ConnectionCap(int max) {
        this.max = max <= 0 ? Integer.MAX_VALUE : max;
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections closed at accept because the cap was reached, so far. */
    public long refused() {
        return refused.get();
    }

    /** The default transport with the cap added to the bootstrap of every server it binds. */
    public Transport transport(Transport delegate) {
        return new CappedTransport(delegate, this);
    }

    /** On the server channel: its reads are the accepted child channels, before they are registered with Vert.x. */
    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Channel child)) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                long n = refused.incrementAndGet();
                // as Netty closes a child it cannot register: not registered yet, so no pipeline runs for it
                child.unsafe().closeForcibly();
                long now = System.nanoTime();
                if (now - lastLog > 60_000_000_000L) {
                    lastLog = now;
                    LOG.warn("HTTP connection cap reached ({} open): new connections are closed at once "
                            + "({} so far; metric callout_http_connections_refused_total)", max, n);
                }
                return;
            }
            child.closeFuture().addListener(f -> open.decrementAndGet());
            ctx.fireChannelRead(child);
        }
    }

    private static final class CappedTransport implements Transport {
        private final Transport delegate;
        private final ConnectionCap cap;

        CappedTransport(Transport delegate, ConnectionCap cap) {
            this.delegate = delegate;
            this.cap = cap;
        }

        @Override
        public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
            // every TCP server of this Vert.x: it is the one bound for the platform-http server and makes no other
            // (HttpServerImpl passes a NetServerOptions copy here, so the HTTP server cannot be told apart by type)
            bootstrap.handler(cap.new Acceptor());
        }

        @Override
        public boolean supportsDomainSockets() {
            return delegate.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return delegate.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return delegate.unavailabilityCause();
        }

        @Override
        public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
            return delegate.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
        }

        @Override
        public DatagramChannel datagramChannel() {
            return delegate.datagramChannel();
        }

        @Override
        public DatagramChannel datagramChannel(InternetProtocolFamily family) {
            return delegate.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
            return delegate.channelFactory(domainSocket);
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            return delegate.serverChannelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            delegate.configure(channel, options);
        }

        @Override
        public void configure(ClientOptionsBase options, boolean domainSocket, io.netty.bootstrap.Bootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
        }
    }
}
