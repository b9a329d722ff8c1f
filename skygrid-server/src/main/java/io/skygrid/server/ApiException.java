package io.skygrid.server;

/**
 * An error answered to the client as an RFC 9457 problem document ({@code application/problem+json}).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final long retryAfterS;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, -1);
    }

    /**
     * @param status      HTTP status
     * @param title       short, fixed summary of the problem type
     * @param detail      what was wrong with this request
     * @param retryAfterS seconds for a {@code Retry-After} header, or -1 for none
     */
    public ApiException(int status, String title, String detail, long retryAfterS) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfterS = retryAfterS;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public long retryAfterS() {
        return retryAfterS;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "Invalid request", detail);
    }

    static ApiException unprocessable(String detail) {
        return new ApiException(422, "Request cannot be satisfied", detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }
}
