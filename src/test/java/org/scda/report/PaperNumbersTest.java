package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PaperNumbersTest {
    @Test
    void transcribedPerClassApAverageToTheReportedMap() {
        PaperNumbers p = PaperNumbers.load();
        assertThat(p.source()).contains("CVPR 2019");
        assertThat(p.tables()).containsKeys("table2", "table3", "table4", "table5", "table6", "table7");
        PaperNumbers.Table t2 = p.tables().get("table2");
        assertThat(t2.classes()).hasSize(8);
        for (PaperNumbers.Row r : t2.rows()) {
            assertThat(r.values()).hasSize(8);
            double mean = r.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(mean).as(r.label()).isCloseTo(r.mAP(), within(0.06));
        }
    }

    @Test
    void rowsNameTheirVariants() {
        PaperNumbers p = PaperNumbers.load();
        assertThat(p.tables().get("table3").forVariant("type3").mAP()).isEqualTo(43.02);
        assertThat(p.tables().get("table4").forVariant("type1")).isNull();
        assertThat(p.tables().get("table5").forVariant("type2-no-discriminators").mAP()).isEqualTo(27.9);
        assertThat(p.tables().get("table7").forVariant("fixed2").mAP()).isEqualTo(30.4);
        assertThat(ReportTables.paperNumber(26.2)).isEqualTo("26.2");
        assertThat(ReportTables.paperNumber(33.96)).isEqualTo("33.96");
    }
}
