package io.leadflow.kernel.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Refuses a body over the configured size with 413: at once when Content-Length says so, and while
 * reading when a chunked body grows past it, so an oversized body is never buffered whole.
 */
@PreMatching
@Priority(20)
public final class RequestBodyLimitFilter implements ContainerRequestFilter {
    private final long defaultLimit;
    private final Map<String, Long> limitsByPath;

    public RequestBodyLimitFilter(long limit) {
        this(limit, Map.of());
    }

    /**
     * @param limitsByPath a different limit for some request paths (relative to the root, without
     *                     a leading slash), e.g. a streamed bulk import
     */
    public RequestBodyLimitFilter(long limit, Map<String, Long> limitsByPath) {
        this.defaultLimit = limit;
        this.limitsByPath = Map.copyOf(limitsByPath);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = limitsByPath.getOrDefault(request.getUriInfo().getPath(false), defaultLimit);
        if (request.getLength() > limit) {
            throw ProblemException.payloadTooLarge(limit);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit));
        }
    }

    private static final class BoundedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw ProblemException.payloadTooLarge(limit);
            }
        }
    }
}
