package oncall;

import static org.assertj.core.api.Assertions.assertThat;

import maintenance.Glob;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "site1/**, site1/tank1/level/High, true",
            "site1/**, site1/tank1, true",
            "site1/**, site1, true",
            "site1/**, site10/tank1, false",
            "site1/**, site2/site1/tank1, false",
            "site1/*, site1/tank1, true",
            "site1/*, site1/tank1/level, false",
            "site1/*/level/*, site1/tank1/level/High, true",
            "site1/*/level/*, site1/tank1/flow/High, false",
            "**/High, site1/tank1/level/High, true",
            "**/High, High, true",
            "**/High, site1/tank1/level/Low, false",
            "site?/pump, site3/pump, true",
            "site?/pump, site33/pump, false",
            "site1/tank.1, site1/tankX1, false",
            "site1/tank.1, site1/tank.1, true",
            "heartbeat/scada-1, heartbeat/scada-1, true",
    })
    void should_match_source_globs_by_segment(String glob, String source, boolean matches) {
        assertThat(Glob.matches(glob, source)).isEqualTo(matches);
    }
}
