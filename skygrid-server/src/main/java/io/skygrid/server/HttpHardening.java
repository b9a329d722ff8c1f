package io.skygrid.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Jetty set-up against hostile or broken clients, in front of Javalin's (blocking) servlet:
 * <ul>
 *   <li>request bodies are read <em>before</em> a request thread is taken ({@link EagerContentHandler} with a
 *       copying loader, {@link BufferedBodyLoaderFactory}): a client sending its body one byte at a time holds a
 *       connection and at most {@code maxBodyBytes} of heap, never one of the server's threads, so it cannot stall
 *       other tenants;</li>
 *   <li>a body slower than {@link ServerConfig#minRequestRate} bytes/s once started ({@link MinimumDataRateHandler}),
 *       or silent for {@link ServerConfig#idleTimeoutMs} (the connector's idle timeout), ends the read with a failure
 *       that the API answers 408;</li>
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

    /** The HTTP/1.1 connector: host, port and idle timeout from the settings. */
    static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig cfg) {
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(cfg.host());
        c.setPort(cfg.port());
        c.setIdleTimeout(cfg.idleTimeoutMs());
        return c;
    }

    /** Wraps the server's handler chain (call before Javalin attaches its servlet context). */
    static void install(Server server, ServerConfig cfg) {
        // innermost first: each insertHandler puts the new wrapper at the top of the chain
        server.insertHandler(new EagerContentHandler(new BufferedBodyLoaderFactory(cfg.maxBodyBytes())));
        server.insertHandler(new IgnoreMethodOverride());
        if (cfg.minRequestRate() > 0) server.insertHandler(new MinimumDataRateHandler(cfg.minRequestRate(), 0));
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

        BufferedBodyLoaderFactory(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public String getApplicableMimeType() {
            return null;
        }

        @Override
        public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler, Request request,
                                                                   Response response, Callback callback) {
            return new Loader(handler, request, response, callback, maxBytes);
        }
    }

    private static final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {
        private final long maxBytes;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private Throwable failure;
        private boolean complete;
        private long discarded;

        Loader(Handler handler, Request request, Response response, Callback callback, long maxBytes) {
            super(handler, request, response, callback);
            this.maxBytes = maxBytes;
        }

        @Override
        protected void load() {
            if (getRequest().getLength() > DRAIN_LIMIT_BYTES) {
                handle();
                return;
            }
            read(false);
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
            while (true) {
                Content.Chunk c = getRequest().read();
                if (c == null) {
                    getRequest().demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(c)) {
                    failure = c.getFailure();
                    break;
                }
                ByteBuffer b = c.getByteBuffer();
                if (b != null && b.hasRemaining()) {
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
            Replay replay = new Replay(getRequest(), buf.toByteArray(), complete, failure);
            if (execute) {
                getRequest().getContext().execute(() -> handle(replay, getResponse(), getCallback()));
            } else {
                handle(replay, getResponse(), getCallback());
            }
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
