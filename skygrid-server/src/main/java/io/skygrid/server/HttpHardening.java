package io.skygrid.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jetty set-up against hostile or broken clients, in front of Javalin's (blocking) servlet:
 * <ul>
 *   <li>request bodies are read <em>before</em> a request thread is taken ({@link EagerContentHandler} with a
 *       copying loader, {@link BufferedBodyLoaderFactory}): a client sending its body one byte at a time holds a
 *       connection and at most {@code maxBodyBytes} of heap, never one of the server's threads, so it cannot stall
 *       other tenants;</li>
 *   <li>whole-request deadlines that do not restart with each byte: the request head must arrive within
 *       {@link ServerConfig#headerTimeoutMs} ({@link DeadlineConnection}: answered 408 and closed), the body within
 *       {@link ServerConfig#bodyTimeoutMs} of the head; a body slower than {@link ServerConfig#minRequestRate} bytes/s
 *       (this request's bytes over the time since its head arrived, checked whenever more must be awaited) or silent for
 *       {@link ServerConfig#idleTimeoutMs} (the connector's idle timeout) ends the read with a failure that the API
 *       answers 408. (Jetty's {@code MinimumDataRateHandler}, used before, divides the bytes read by <em>all</em>
 *       requests since the server started by this request's age, so once some traffic had been served a drip of one
 *       byte every few seconds passed for minutes; its check is replaced by the per-request one here.);</li>
 *   <li>at most {@link ServerConfig#maxConnections} open connections ({@link NetworkConnectionLimit}): further clients
 *       wait in the accept backlog until one closes, so one client cannot use up the process's file descriptors;</li>
 *   <li>method-override headers ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override})
 *       are removed, so a GET is always a GET (Javalin would otherwise route by the header).</li>
 * </ul>
 */
final class HttpHardening {
    /** Headers that would make the server treat a request as another method; they are dropped. */
    static final List<String> METHOD_OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    /**
     * Largest refused (too large) body that is still read and discarded, asynchronously, so that its sender receives
     * the 413 instead of a reset connection, bytes. A larger one is answered at once and the connection closed.
     */
    static final long DRAIN_LIMIT_BYTES = 8L << 20;

    private HttpHardening() {
    }

    /** Connections waiting to be accepted that the operating system is asked to queue (it may cap it: somaxconn). */
    static final int ACCEPT_QUEUE = 1024;

    /**
     * The HTTP/1.1 connector: host, port, idle timeout and request-head deadline from the settings, at most
     * {@link ServerConfig#maxConnections} connections open at once.
     *
     * @param open counts the connections open now (incremented on open, decremented on close)
     */
    static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig cfg, AtomicInteger open) {
        ServerConnector c = new ServerConnector(server, new DeadlineConnectionFactory(http, cfg.headerTimeoutMs()));
        c.setHost(cfg.host());
        c.setPort(cfg.port());
        c.setIdleTimeout(cfg.idleTimeoutMs());
        c.setAcceptQueueSize(ACCEPT_QUEUE);
        c.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                open.incrementAndGet();
            }

            @Override
            public void onClosed(Connection connection) {
                open.decrementAndGet();
            }
        });
        server.addBean(new NetworkConnectionLimit(cfg.maxConnections(), c));
        return c;
    }

    /** Wraps the server's handler chain (call before Javalin attaches its servlet context). */
    static void install(Server server, ServerConfig cfg) {
        // innermost first: each insertHandler puts the new wrapper at the top of the chain
        server.insertHandler(new EagerContentHandler(new BufferedBodyLoaderFactory(cfg.maxBodyBytes(), cfg.bodyTimeoutMs(), cfg.minRequestRate())));
        server.insertHandler(new IgnoreMethodOverride());
        server.insertHandler(new HeadArrived());
    }

    /** Makes HTTP/1.1 connections with a request-head deadline ({@link DeadlineConnection}). */
    static final class DeadlineConnectionFactory extends HttpConnectionFactory {
        private final long headerTimeoutMs;

        DeadlineConnectionFactory(HttpConfiguration http, long headerTimeoutMs) {
            super(http);
            this.headerTimeoutMs = headerTimeoutMs;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            DeadlineConnection c = new DeadlineConnection(getHttpConfiguration(), connector, endPoint, headerTimeoutMs);
            c.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
            c.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
            return configure(c, connector, endPoint);
        }
    }

    /**
     * An HTTP/1.1 connection whose request head (request line and headers) must arrive in full within
     * {@code headerTimeoutMs}: counted from the accept for the first request, and from the first bytes of the next request
     * after a response (a keep-alive connection waiting for its next request is bounded by the idle timeout only). The
     * clock does not restart with each byte, so trickling a header line every few seconds does not keep it open. Past the
     * deadline the client is answered 408 with a problem document and the connection closed.
     */
    static final class DeadlineConnection extends HttpConnection {
        private final long headerTimeoutMs;
        /** Guarded by this: heads received, a request in progress, the running head clock, expired. */
        private long heads;
        private boolean inRequest;
        private Scheduler.Task headClock;
        private boolean expired;

        DeadlineConnection(HttpConfiguration http, Connector connector, EndPoint endPoint, long headerTimeoutMs) {
            super(http, connector, endPoint);
            this.headerTimeoutMs = headerTimeoutMs;
        }

        @Override
        public void onOpen() {
            synchronized (this) {
                startHeadClock();
            }
            super.onOpen();
        }

        @Override
        public void onFillable() {
            synchronized (this) {
                // bytes arrived while no request is in progress: the next request's head has begun
                if (!inRequest && headClock == null && !expired) startHeadClock();
            }
            super.onFillable();
        }

        @Override
        public void onClose(Throwable cause) {
            synchronized (this) {
                if (headClock != null) headClock.cancel();
                headClock = null;
            }
            super.onClose(cause);
        }

        private void startHeadClock() {
            long gen = heads;
            headClock = getConnector().getScheduler().schedule(() -> expire(gen), headerTimeoutMs, TimeUnit.MILLISECONDS);
        }

        /** @return false if the head came too late (the connection is being answered 408 and closed) */
        synchronized boolean headReceived() {
            if (expired) return false;
            heads++;
            inRequest = true;
            if (headClock != null) headClock.cancel();
            headClock = null;
            return true;
        }

        synchronized void requestDone() {
            inRequest = false;
        }

        private void expire(long gen) {
            synchronized (this) {
                if (inRequest || heads != gen || expired || !getEndPoint().isOpen()) return;
                expired = true;
                headClock = null;
            }
            // no request is in progress on this connection, so nothing else writes to it
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,\"detail\":\"the request head "
                    + "(request line and headers) did not arrive within " + headerTimeoutMs + " ms\"}").getBytes(StandardCharsets.UTF_8);
            byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            EndPoint ep = getEndPoint();
            ep.write(Callback.from(ep::close, x -> ep.close()), ByteBuffer.wrap(head), ByteBuffer.wrap(body));
        }
    }

    /** Stops the request-head clock of the connection when a request's head has arrived, restarts it after the response. */
    static final class HeadArrived extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!(request.getConnectionMetaData().getConnection() instanceof DeadlineConnection c)) {
                return super.handle(request, response, callback);
            }
            if (!c.headReceived()) {
                callback.failed(new TimeoutException("request head arrived after its deadline"));
                return true;
            }
            Callback done = new Callback.Nested(callback) {
                @Override
                public void succeeded() {
                    c.requestDone();
                    super.succeeded();
                }

                @Override
                public void failed(Throwable x) {
                    c.requestDone();
                    super.failed(x);
                }
            };
            boolean handled;
            try {
                handled = super.handle(request, response, done);
            } catch (Throwable t) {
                c.requestDone();
                throw t;
            }
            if (!handled) c.requestDone();
            return handled;
        }
    }

    /** Removes the method-override headers from every request. */
    static final class IgnoreMethodOverride extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            HttpFields h = request.getHeaders();
            boolean any = false;
            for (String name : METHOD_OVERRIDE_HEADERS) any |= h.contains(name);
            if (!any) return super.handle(request, response, callback);
            HttpFields.Mutable m = HttpFields.build(h);
            for (String name : METHOD_OVERRIDE_HEADERS) m.remove(name);
            HttpFields stripped = m.asImmutable();
            return super.handle(new Request.Wrapper(request) {
                @Override
                public HttpFields getHeaders() {
                    return stripped;
                }
            }, response, callback);
        }
    }

    /**
     * Reads a request body asynchronously into one heap buffer (copying, so no network buffer stays retained per
     * chunk however small the chunks), then calls the next handler with a request that replays it. A failed read
     * (early end of stream, idle timeout, too slow) is replayed as a terminal failure after the bytes received.
     * Of a body larger than {@code maxBytes} the rest is read and discarded (no thread held) up to
     * {@link #DRAIN_LIMIT_BYTES}, then replayed as a {@link BodyTooLargeException}; a body declared larger than that is
     * dispatched at once (the API answers 413 and closes the connection).
     */
    static final class BufferedBodyLoaderFactory implements EagerContentHandler.ContentLoaderFactory {
        private final long maxBytes;
        private final long bodyTimeoutMs;
        private final long minRate;

        /**
         * @param maxBytes      largest body kept, bytes
         * @param bodyTimeoutMs the whole body must arrive within this, ms from the end of the head
         * @param minRate       slowest body accepted, bytes/s over the time since the head (0 = no minimum)
         */
        BufferedBodyLoaderFactory(long maxBytes, long bodyTimeoutMs, long minRate) {
            this.maxBytes = maxBytes;
            this.bodyTimeoutMs = bodyTimeoutMs;
            this.minRate = minRate;
        }

        @Override
        public String getApplicableMimeType() {
            return null;
        }

        @Override
        public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler, Request request,
                                                                   Response response, Callback callback) {
            return new Loader(handler, request, response, callback, maxBytes, bodyTimeoutMs, minRate);
        }
    }

    private static final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {
        private final long maxBytes;
        private final long bodyTimeoutMs;
        private final long minRate;
        private final long startNs = NanoTime.now();
        // all guarded by this (the reads run on demand callbacks, the deadline on the scheduler)
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private Throwable failure;
        private boolean complete;
        private long discarded;
        private long received;
        private boolean dispatched;
        private Scheduler.Task deadline;

        Loader(Handler handler, Request request, Response response, Callback callback, long maxBytes, long bodyTimeoutMs, long minRate) {
            super(handler, request, response, callback);
            this.maxBytes = maxBytes;
            this.bodyTimeoutMs = bodyTimeoutMs;
            this.minRate = minRate;
        }

        @Override
        protected void load() {
            if (getRequest().getLength() > DRAIN_LIMIT_BYTES) {
                handle();
                return;
            }
            synchronized (this) {
                deadline = getRequest().getComponents().getScheduler().schedule(this::deadlinePassed, bodyTimeoutMs, TimeUnit.MILLISECONDS);
            }
            read(false);
        }

        /** The whole body did not arrive in time: the application sees the bytes so far, then a timeout. */
        private void deadlinePassed() {
            Replay replay;
            synchronized (this) {
                if (dispatched) return;
                dispatched = true;
                failure = new TimeoutException("request body not received in full within " + bodyTimeoutMs + " ms");
                replay = new Replay(getRequest(), discarded > 0 ? new byte[0] : buf.toByteArray(), false, failure);
            }
            getRequest().getContext().execute(() -> handle(replay, getResponse(), getCallback()));
        }

        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void read(boolean execute) {
            Replay replay;
            synchronized (this) {
                replay = readAvailable();
            }
            if (replay == null) return;
            if (execute) {
                getRequest().getContext().execute(() -> handle(replay, getResponse(), getCallback()));
            } else {
                handle(replay, getResponse(), getCallback());
            }
        }

        /** @return the request to hand on, or null while more must be awaited (or after the deadline handed it on) */
        private Replay readAvailable() {
            if (dispatched) return null;
            while (true) {
                Content.Chunk c = getRequest().read();
                if (c == null) {
                    // more must be awaited: this body's bytes over the time since its head must keep up the minimum rate
                    long elapsedNs = NanoTime.since(startNs);
                    if (minRate > 0 && received > 0 && received * 1_000_000_000.0 / Math.max(1, elapsedNs) < minRate) {
                        failure = new TimeoutException("request body arrived at less than " + minRate + " bytes/s");
                        break;
                    }
                    getRequest().demand(this);
                    return null;
                }
                if (Content.Chunk.isFailure(c)) {
                    failure = c.getFailure();
                    break;
                }
                ByteBuffer b = c.getByteBuffer();
                if (b != null && b.hasRemaining()) {
                    received += b.remaining();
                    if (discarded == 0 && buf.size() + b.remaining() <= maxBytes) {
                        byte[] a = new byte[b.remaining()];
                        b.get(a);
                        buf.writeBytes(a);
                    } else {
                        discarded += b.remaining();
                    }
                }
                boolean last = c.isLast();
                c.release();
                if (last) {
                    complete = true;
                    break;
                }
                if (buf.size() + discarded > DRAIN_LIMIT_BYTES) break;
            }
            if (discarded > 0 && failure == null) {
                failure = new BodyTooLargeException(maxBytes);
                complete = false;
            }
            dispatched = true;
            if (deadline != null) deadline.cancel();
            return new Replay(getRequest(), buf.toByteArray(), complete, failure);
        }
    }

    /** A request body was larger than the limit (its excess was discarded). */
    static final class BodyTooLargeException extends java.io.IOException {
        final long limit;

        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    /** The request seen by the application: the buffered bytes, then the end, the failure, or the rest of the stream. */
    private static final class Replay extends Request.Wrapper {
        private byte[] bytes;
        private final boolean complete;
        private final Throwable failure;

        Replay(Request wrapped, byte[] bytes, boolean complete, Throwable failure) {
            super(wrapped);
            this.bytes = bytes;
            this.complete = complete;
            this.failure = failure;
        }

        @Override
        public Content.Chunk read() {
            if (bytes != null) {
                byte[] b = bytes;
                bytes = null;
                if (b.length > 0) return Content.Chunk.from(ByteBuffer.wrap(b), complete);
            }
            if (complete) return Content.Chunk.EOF;
            if (failure != null) return Content.Chunk.from(failure, true);
            return super.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (bytes != null || complete || failure != null) {
                demandCallback.run();
            } else {
                super.demand(demandCallback);
            }
        }
    }
}
