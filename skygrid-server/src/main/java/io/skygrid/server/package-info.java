/**
 * {@code skygrid serve}: the live control plane.
 *
 * <p>Pieces, from the outside in:
 * <ul>
 *   <li>{@link io.skygrid.server.ServeCommand} / {@link io.skygrid.server.SkygridServer}: settings
 *       ({@link io.skygrid.server.ServerConfig}: file, environment, options), start-up, background
 *       threads (clock ticks, scheduling passes), graceful shutdown.</li>
 *   <li>{@code Api}: the HTTP surface on Javalin 7 (Jetty 12): REST API under {@code /api/v1} with
 *       bearer tokens ({@link io.skygrid.server.Tokens}: SHA-256 at rest, constant-time compare),
 *       per-tenant token-bucket rate limits ({@link io.skygrid.server.RateLimiter}), strict JSON
 *       validation, RFC 9457 problem documents, the hand-written OpenAPI 3.1 document
 *       ({@code openapi.json}), Swagger UI (webjar), the dashboard (vendored d3, topojson-client,
 *       world-atlas), {@code /health}, {@code /ready}, {@code /metrics} (Prometheus text).</li>
 *   <li>{@link io.skygrid.server.ControlPlane}: tenants, tokens, reservations, jobs, queue and
 *       placements; every accepted change committed through {@link io.skygrid.server.Store}
 *       (JDBC, HikariCP, Flyway; H2 file or PostgreSQL; one writer thread with group commit) before
 *       the API answers; recovery after any stop, kill -9 included, with running jobs resumed from
 *       their last checkpoint.
 *       Its scheduling is the core's: the scenario's queue policy ({@link io.skygrid.sched.QueuePolicies}
 *       over a {@link io.skygrid.sched.SchedView} of the live state), tenants' reservations and borrowing
 *       limits ({@link io.skygrid.sched.Quota}), EASY backfill, as {@code skygrid run} schedules.</li>
 *   <li>{@link io.skygrid.server.LiveFleet}: the digital twin: one {@link io.skygrid.sched.NodePool}
 *       per ground site and constellation, power caps, operator out-of-service marks, satellite
 *       batteries driven by sunlight timelines from {@link io.skygrid.orbit.OrbitPhysics} computed
 *       ahead in windows, and satellite positions for the map.</li>
 *   <li>{@link io.skygrid.server.SimClock}: simulated time (wall clock x speedup, anchored in the
 *       database; or manual in tests).</li>
 *   <li>{@link io.skygrid.server.LoadGenerator} / {@link io.skygrid.server.LoadCommand}: the bounded
 *       loopback load tool ({@code skygrid serve-load}).</li>
 * </ul>
 */
package io.skygrid.server;
