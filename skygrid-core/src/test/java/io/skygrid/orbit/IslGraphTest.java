package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.skygrid.fleet.GroundStation;

class IslGraphTest {
    static final Instant EPOCH = Instant.parse("2026-06-21T00:00:00Z");

    @Test
    void plusGridOfTheStarlinkShellHasDegreeFourEverywhere() {
        OrbitSpec.WalkerDelta spec = new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1);
        List<SatelliteOrbit> sats = Satellites.load("s", spec, EPOCH, false).satellites();
        IslGraph g = new IslGraph(sats, IslGraph.Options.defaults(IslGraph.Topology.PLUS_GRID), IslGraph.Shell.of(spec));
        assertThat(g.edgeA()).hasSize(2 * 1584);
        int[] minLinks = {Integer.MAX_VALUE};
        int[] minDeg = {Integer.MAX_VALUE}, maxDeg = {0};
        int steps = g.sweep(EPOCH, 3_600_000, 2, snap -> {
            minLinks[0] = Math.min(minLinks[0], snap.links());
            for (int i = 0; i < snap.n; i++) {
                int d = snap.start[i + 1] - snap.start[i];
                minDeg[0] = Math.min(minDeg[0], d);
                maxDeg[0] = Math.max(maxDeg[0], d);
            }
        });
        assertThat(steps).isEqualTo(61);
        // in-plane neighbours 988 km apart, cross-plane at most ~600 km: every link is up all the time
        assertThat(minLinks[0]).isEqualTo(3168);
        assertThat(minDeg[0]).isEqualTo(4);
        assertThat(maxDeg[0]).isEqualTo(4);
        // seam: the last plane's slot j faces plane 0's slot j + f
        int[][] e = IslGraph.plusGrid(IslGraph.Shell.of(spec));
        boolean seam = false;
        for (int k = 0; k < e[0].length; k++) {
            seam |= e[0][k] == 1 && e[1][k] == 71 * 22;   // (p00, s01) - (p71, s00)
        }
        assertThat(seam).isTrue();
    }

    @Test
    void walkerStarHasNoLinksAcrossTheSeam() {
        OrbitSpec.WalkerStar spec = new OrbitSpec.WalkerStar(86.4, 780, 66, 6, 2);
        int[][] e = IslGraph.plusGrid(IslGraph.Shell.of(spec));
        int[] deg = new int[66];
        for (int k = 0; k < e[0].length; k++) {
            deg[e[0][k]]++;
            deg[e[1][k]]++;
        }
        for (int i = 0; i < 66; i++) {
            int plane = i / 11;
            assertThat(deg[i]).as("satellite %d", i).isEqualTo(plane == 0 || plane == 5 ? 3 : 4);
        }
    }

    @Test
    void lineOfSightIsBlockedByTheEarth() {
        double a = 6_378_137 + 550e3;
        double g2 = Math.pow(IslGraph.EARTH_RADIUS_M + IslGraph.DEFAULT_GRAZING_ALTITUDE_M, 2);
        double big = 1e9 * 1e9;
        // antipodal: the segment passes through the centre
        assertThat(IslGraph.link(new double[] {a, 0, 0, -a, 0, 0}, 0, 1, big, g2)).isNaN();
        // 90 deg apart: closest approach a cos 45 deg = 4,899 km, below the surface
        assertThat(IslGraph.link(new double[] {a, 0, 0, 0, a, 0}, 0, 1, big, g2)).isNaN();
        // 30 deg apart: closest approach a cos 15 deg = 6,692 km, clear of 6,458 km
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        double d = IslGraph.link(new double[] {a, 0, 0, a * c, a * s, 0}, 0, 1, big, g2);
        assertThat(d).isCloseTo(2 * a * Math.sin(Math.toRadians(15)), offset(1e-6));
        // grazing limit: half-angle where a cos(x) = R + 80 km
        double limit = Math.acos((IslGraph.EARTH_RADIUS_M + 80e3) / a);
        for (double x : new double[] {limit - 1e-6, limit + 1e-6}) {
            double[] p = {a, 0, 0, a * Math.cos(2 * x), a * Math.sin(2 * x), 0};
            assertThat(Double.isNaN(IslGraph.link(p, 0, 1, big, g2))).isEqualTo(x > limit);
        }
        // range limit
        assertThat(IslGraph.link(new double[] {a, 0, 0, a * c, a * s, 0}, 0, 1, 1e6 * 1e6, g2)).isNaN();
    }

    @Test
    void lightTimeIsDistanceOverC() {
        assertThat(IslGraph.lightTimeS(299_792_458.0)).isEqualTo(1.0);
        assertThat(IslGraph.lightTimeS(1000.0) * 1e6).isCloseTo(3.33564, offset(1e-5));   // us per km
        IslGraph.Snapshot g = graph(2, new int[] {0}, new int[] {1}, new double[] {1234.5e3});
        double[] out = new double[2];
        new ShortestPaths(2).from(g, 0, out);
        assertThat(out[1]).isEqualTo(1234.5e3 / 299_792_458.0);
    }

    @Test
    void dijkstraAgreesWithFloydWarshall() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 30;
            List<int[]> edges = new ArrayList<>();
            List<Double> len = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (rnd.nextDouble() < 0.12) {
                        edges.add(new int[] {i, j});
                        len.add(1e5 + rnd.nextDouble() * 4e6);
                    }
                }
            }
            int m = edges.size();
            int[] a = new int[m], b = new int[m];
            double[] d = new double[m];
            double[][] fw = new double[n][n];
            for (double[] row : fw) Arrays.fill(row, Double.POSITIVE_INFINITY);
            for (int i = 0; i < n; i++) fw[i][i] = 0;
            for (int k = 0; k < m; k++) {
                a[k] = edges.get(k)[0];
                b[k] = edges.get(k)[1];
                d[k] = len.get(k);
                double t = d[k] / IslGraph.SPEED_OF_LIGHT_M_S;
                fw[a[k]][b[k]] = Math.min(fw[a[k]][b[k]], t);
                fw[b[k]][a[k]] = fw[a[k]][b[k]];
            }
            for (int k = 0; k < n; k++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        if (fw[i][k] + fw[k][j] < fw[i][j]) fw[i][j] = fw[i][k] + fw[k][j];
            IslGraph.Snapshot g = graph(n, a, b, d);
            ShortestPaths sp = new ShortestPaths(n);
            double[] out = new double[n];
            for (int s = 0; s < n; s++) {
                sp.from(g, s, out);
                for (int t = 0; t < n; t++) {
                    if (Double.isInfinite(fw[s][t])) {
                        assertThat(out[t]).isInfinite();
                    } else {
                        assertThat(out[t]).isCloseTo(fw[s][t], offset(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void groundAccessFromAStationUnderneath() {
        // one satellite over (0 N, 0 E) at the epoch: find when a Walker satellite passes over a station and
        // check the access delay equals the slant range over c
        OrbitSpec.WalkerDelta spec = new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1);
        List<SatelliteOrbit> sats = Satellites.load("s", spec, EPOCH, false).satellites();
        IslGraph g = new IslGraph(sats, IslGraph.Options.defaults(IslGraph.Topology.PLUS_GRID), IslGraph.Shell.of(spec));
        List<GroundStation> st = List.of(new GroundStation("equator", "test", 0, 0, 0));
        IslGraph.Ground ground = new IslGraph.Ground(g, EPOCH, 600_000, st, 25);
        ShortestPaths sp = new ShortestPaths(sats.size());
        double[] seeds = new double[sats.size()];
        double[] best = {Double.POSITIVE_INFINITY, 0};
        g.sweep(EPOCH, 600_000, 1, snap -> {
            int seen = ground.accessDelays(snap, new int[] {0}, seeds);
            assertThat(seen).isGreaterThan(0);
            double minAccess = Arrays.stream(seeds).min().getAsDouble();
            // at 550 km the slant range is at least the altitude, at most ~1,100 km above 25 deg
            assertThat(minAccess).isBetween(550e3 / IslGraph.SPEED_OF_LIGHT_M_S, 1_200e3 / IslGraph.SPEED_OF_LIGHT_M_S);
            sp.fromSeeds(snap, seeds);
            double worst = Arrays.stream(seeds).max().getAsDouble();
            best[0] = Math.min(best[0], worst);
            best[1] = Math.max(best[1], worst);
        });
        // every satellite of the shell reaches the station through the +Grid: at most half the globe away
        assertThat(best[1]).isLessThan(0.2);
        assertThat(best[0]).isGreaterThan(0.05);
    }

    /** The ISL graph's ground access agrees with the contact windows of {@link OrbitPhysics} (same geometry). */
    @Test
    void groundAccessMatchesContactWindows() {
        OrbitSpec.WalkerDelta spec = new OrbitSpec.WalkerDelta(53, 550, 240, 12, 1);
        List<SatelliteOrbit> sats = Satellites.load("s", spec, EPOCH, false).satellites();
        List<GroundStation> st = List.of(new GroundStation("a", "t", 40, -3, 600), new GroundStation("b", "t", -33, 151, 0));
        long horizon = 6 * 3_600_000L;
        ConstellationTimelines tl = OrbitPhysics.compute("s", sats, EPOCH, horizon, st, 10, 2,
                io.skygrid.sim.ProgressListener.NONE);
        IslGraph g = new IslGraph(sats, IslGraph.Options.defaults(IslGraph.Topology.PLUS_GRID), IslGraph.Shell.of(spec));
        IslGraph.Ground ground = new IslGraph.Ground(g, EPOCH, horizon, st, 10);
        double[] access = new double[sats.size()];
        int[] checked = {0, 0};
        g.sweep(EPOCH, horizon, 2, snap -> {
            ground.accessDelays(snap, new int[] {0, 1}, access);
            for (int i = 0; i < sats.size(); i++) {
                ContactWindows w = tl.contacts()[i];
                boolean inWindow = false, nearEdge = false;
                for (int k = 0; k < w.size(); k++) {
                    inWindow |= snap.timeMs >= w.aosMs()[k] && snap.timeMs <= w.losMs()[k];
                    nearEdge |= Math.abs(snap.timeMs - w.aosMs()[k]) < 1000 || Math.abs(snap.timeMs - w.losMs()[k]) < 1000;
                }
                if (nearEdge) continue;
                assertThat(access[i] < Double.POSITIVE_INFINITY).as("satellite %d at %d ms", i, snap.timeMs).isEqualTo(inWindow);
                checked[inWindow ? 1 : 0]++;
            }
        });
        assertThat(checked[1]).isGreaterThan(1000);
    }

    @Test
    void fullMeshOfTheClusterAndUnknownTopology() {
        List<SatelliteOrbit> c = Satellites.load("c", new OrbitSpec.SunSynchronous(650, 18, 81, 1000), EPOCH, false)
                .satellites();
        IslGraph g = new IslGraph(c, IslGraph.Options.defaults(IslGraph.Topology.FULL_MESH), null);
        int[] links = {0};
        g.sweep(EPOCH, 60_000, 1, snap -> links[0] = snap.links());
        assertThat(links[0]).isEqualTo(81 * 80 / 2);
        assertThatThrownBy(() -> IslGraph.Topology.parse("ring"))
                .hasMessage("unknown ISL topology 'ring' (known: plus-grid, full-mesh, visible)");
        assertThatThrownBy(() -> new IslGraph(c, IslGraph.Options.defaults(IslGraph.Topology.PLUS_GRID), null))
                .hasMessageContaining("plus-grid needs a Walker shell");
    }

    @Test
    void visibleMatchesTheKernelPairByPair() {
        List<SatelliteOrbit> sats = Satellites.load("w", new OrbitSpec.WalkerDelta(53, 550, 60, 6, 1), EPOCH, false)
                .satellites();
        IslGraph.Options o = new IslGraph.Options(IslGraph.Topology.VISIBLE, 3_000e3, 80e3, 60_000);
        IslGraph g = new IslGraph(sats, o, null);
        double g2 = Math.pow(IslGraph.EARTH_RADIUS_M + 80e3, 2);
        g.sweep(EPOCH, 300_000, 2, snap -> {
            int count = 0;
            for (int i = 0; i < 60; i++) {
                for (int j = 0; j < 60; j++) {
                    if (i == j) continue;
                    double d = IslGraph.link(snap.pos, i, j, 3_000e3 * 3_000e3, g2);
                    assertThat(Double.valueOf(snap.linkDistance(i, j))).isEqualTo(Double.valueOf(d));
                    if (d == d) count++;
                }
            }
            assertThat(snap.links()).isEqualTo(count / 2).isPositive();
        });
    }

    /** A snapshot built from an edge list (as a fixed-topology sweep builds it). */
    static IslGraph.Snapshot graph(int n, int[] a, int[] b, double[] d) {
        IslGraph.Snapshot s = new IslGraph.Snapshot(n, a.length);
        int[] deg = new int[n];
        for (int k = 0; k < a.length; k++) {
            deg[a[k]]++;
            deg[b[k]]++;
        }
        for (int i = 0; i < n; i++) s.start[i + 1] = s.start[i] + deg[i];
        int[] fill = Arrays.copyOf(s.start, n);
        for (int k = 0; k < a.length; k++) {
            s.nbr[fill[a[k]]] = b[k];
            s.distM[fill[a[k]]++] = d[k];
            s.nbr[fill[b[k]]] = a[k];
            s.distM[fill[b[k]]++] = d[k];
        }
        return s;
    }
}
