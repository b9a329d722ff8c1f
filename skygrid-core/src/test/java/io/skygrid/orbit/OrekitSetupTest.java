package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.frames.FramesFactory;
import org.orekit.frames.Transform;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.IERSConventions;

class OrekitSetupTest {
    @Test
    void leapSecondsAndFramesWorkWithoutExternalData() {
        OrekitSetup.init();
        OrekitSetup.init();
        AbsoluteDate d = new AbsoluteDate(2026, 2, 23, 0, 0, 0.0, TimeScalesFactory.getUTC());
        assertThat(d.durationFrom(new AbsoluteDate(2026, 2, 23, 0, 0, 0.0, TimeScalesFactory.getTAI())))
                .isEqualTo(37.0);
        AbsoluteDate d2016 = new AbsoluteDate(2016, 6, 1, 0, 0, 0.0, TimeScalesFactory.getUTC());
        assertThat(d2016.durationFrom(new AbsoluteDate(2016, 6, 1, 0, 0, 0.0, TimeScalesFactory.getTAI()))).isEqualTo(36.0);
        Transform t = FramesFactory.getTEME().getTransformTo(FramesFactory.getITRF(IERSConventions.IERS_2010, true), d);
        Vector3D p = t.transformPosition(new Vector3D(7.0e6, 0, 0));
        assertThat(p.getNorm()).isCloseTo(7.0e6, org.assertj.core.data.Offset.offset(1e-3));
        Transform g = FramesFactory.getEME2000().getTransformTo(FramesFactory.getITRF(IERSConventions.IERS_2010, true), d);
        assertThat(g.transformPosition(Vector3D.PLUS_K).getZ()).isGreaterThan(0.9999);
    }
}
