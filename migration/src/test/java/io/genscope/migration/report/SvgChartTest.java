package io.genscope.migration.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The chart of genscope report: well-formed SVG carrying every run's values. */
class SvgChartTest {
    private static final String TWO_RUNS = """
            {
            "runs": [
            {"policy": "precopy", "status": "completed", "downtime_ms": 414.523, "pages_sent_downtime": 4882,
             "rounds": [{"round": 1, "phase": "precopy", "pages": 16384, "zero_pages": 7419, "bytes": 1, "ms": 2.0},
                        {"round": 2, "phase": "stop-copy", "pages": 4882, "zero_pages": 0, "bytes": 1, "ms": 2.0}]},
            {"policy": "gmig", "status": "completed", "downtime_ms": 166.25, "pages_sent_downtime": 1909,
             "error": "a \\"quoted\\" <tag> & \\u00e9",
             "rounds": [{"round": 1, "phase": "precopy", "pages": 12288},
                        {"round": 2, "phase": "gpu-copy", "pages": 4096},
                        {"round": 3, "phase": "stop-copy", "pages": 1909}]}
            ],
            "comparison": {"baseline": "precopy"}
            }""";

    @Test
    void chartIsWellFormedSvgWithEveryValue() throws Exception {
        List<ChartRun> runs = ChartRun.read(TWO_RUNS);
        assertThat(runs).extracting(ChartRun::label).containsExactly("precopy", "gmig");
        assertThat(runs.get(1).pages()).containsExactly(12288L, 4096L, 1909L);
        String svg = SvgChart.render("precopy <vs> gmig & more", runs);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        List<String> texts = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertThat(texts).contains("precopy <vs> gmig & more", "precopy", "gmig", "414.5 ms", "166.3 ms", "16384", "4882",
                "12288", "4096", "1909", "4882 pages stopped", "1909 pages stopped", "pages sent per round", "downtime (ms)");
        NodeList titles = doc.getElementsByTagName("title");
        List<String> tips = new ArrayList<>();
        for (int i = 0; i < titles.getLength(); i++) {
            tips.add(titles.item(i).getTextContent());
        }
        assertThat(tips).contains("gmig round 2 (gpu-copy): 4096 pages", "precopy round 2 (stop-copy): 4882 pages");
        // everything drawn lies inside the image
        for (String tag : List.of("rect", "text")) {
            NodeList all = doc.getElementsByTagName(tag);
            for (int i = 0; i < all.getLength(); i++) {
                var e = (org.w3c.dom.Element) all.item(i);
                double x = Double.parseDouble(e.getAttribute("x"));
                double y = Double.parseDouble(e.getAttribute("y"));
                double w = e.hasAttribute("width") ? Double.parseDouble(e.getAttribute("width")) : 0;
                double h = e.hasAttribute("height") ? Double.parseDouble(e.getAttribute("height")) : 0;
                assertThat(x).as("%s %s", tag, e.getTextContent()).isBetween(0.0, 1100.0);
                assertThat(y).as("%s %s", tag, e.getTextContent()).isBetween(0.0, 480.0);
                assertThat(x + w).isLessThanOrEqualTo(1100.0);
                assertThat(y + h).isLessThanOrEqualTo(480.0);
                assertThat(w).isGreaterThanOrEqualTo(0.0);
                assertThat(h).isGreaterThanOrEqualTo(0.0);
            }
        }
        // bars: 5 round bars and 2 downtime bars (plus the background and 2 legend squares)
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(1 + 2 + 5 + 2);
    }

    @Test
    void aVgpuHeldBeforeTheVcpusStoppedIsDrawnOnTopOfTheDowntime() throws Exception {
        String json = """
                {"runs": [
                {"policy": "gmig", "downtime_ms": 150.0, "gpu_stall_ms": 150.0, "pages_sent_downtime": 180,
                 "rounds": [{"phase": "precopy", "pages": 10}, {"phase": "stop-copy", "pages": 180}]},
                {"policy": "genscope", "downtime_ms": 20.0, "gpu_stall_ms": 90.0, "pages_sent_downtime": 7,
                 "rounds": [{"phase": "precopy", "pages": 10}, {"phase": "gpu-stop", "pages": 150},
                            {"phase": "stop-copy", "pages": 7}]}
                ]}""";
        List<ChartRun> runs = ChartRun.read(json);
        assertThat(runs).extracting(ChartRun::gpuStallMs).containsExactly(150.0, 90.0);
        String svg = SvgChart.render("stall", runs);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        List<String> texts = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertThat(texts).contains("20 ms", "vGPU 90 ms", "150 ms").doesNotContain("vGPU 150 ms");
        NodeList titles = doc.getElementsByTagName("title");
        List<String> tips = new ArrayList<>();
        for (int i = 0; i < titles.getLength(); i++) {
            tips.add(titles.item(i).getTextContent());
        }
        assertThat(tips).contains("genscope: vGPU held 90 ms (vCPUs stopped 20 ms of it)");
    }

    @Test
    void readsOneReportAndRefusesOtherJson() {
        assertThat(ChartRun.read("{\"policy\": \"stop-copy\", \"downtime_ms\": 12, \"rounds\": []}")).hasSize(1);
        assertThatThrownBy(() -> ChartRun.read("{\"x\": 1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no migration report");
        assertThatThrownBy(() -> ChartRun.read("{\"policy\": ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> JsonValue.parse("[".repeat(100))).hasMessageContaining("nested too deeply");
        assertThatThrownBy(() -> JsonValue.parse("{} x")).hasMessageContaining("text after");
    }
}
