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

    private static final String FOUR_RUNS = """
            {"runs": [
            {"vgpu": {"policy": "precopy", "status": "completed", "downtime_ms": 400, "pages_sent_downtime": 4000,
             "rounds": [{"phase": "precopy", "pages": 16384}, {"phase": "precopy", "pages": 900},
                        {"phase": "precopy", "pages": 300}, {"phase": "stop-copy", "pages": 4000}]}},
            {"vgpu": {"policy": "gmig", "status": "completed", "downtime_ms": 70, "pages_sent_downtime": 500,
             "rounds": [{"phase": "precopy", "pages": 12000}, {"phase": "gpu-copy", "pages": 4096},
                        {"phase": "stop-copy", "pages": 500}]}},
            {"vgpu": {"policy": "genscope", "status": "failed", "downtime_ms": 0, "pages_sent_downtime": 0,
             "rounds": [{"phase": "precopy", "pages": 12000}]}},
            {"vgpu": {"policy": "gmig-with-a-rather-long-label-from-a-file", "status": "completed", "downtime_ms": 80,
             "pages_sent_downtime": 600, "rounds": [{"phase": "stop-copy", "pages": 600}]}}
            ]}""";

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void roundsStandByPhaseAndEveryStopRoundIsInOneGroup() throws Exception {
        List<ChartRun> runs = ChartRun.read(FOUR_RUNS);
        Document doc = parse(SvgChart.render("phases", runs));
        List<Double> stopX = new ArrayList<>();
        List<Double> precopyX = new ArrayList<>();
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            var e = (org.w3c.dom.Element) rects.item(i);
            String tip = e.getTextContent();
            if (tip.contains("(stop-copy)")) {
                stopX.add(Double.parseDouble(e.getAttribute("x")));
            } else if (tip.contains("(precopy)")) {
                precopyX.add(Double.parseDouble(e.getAttribute("x")));
            }
        }
        assertThat(stopX).hasSize(3);
        assertThat(precopyX).hasSize(5);
        // every stop round lies right of every pre-copy round, whatever round number it had
        assertThat(stopX.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .isGreaterThan(precopyX.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        List<String> texts = texts(doc);
        assertThat(texts).contains("precopy (3)", "gpu-copy", "stop-copy");
    }

    @Test
    void aFailedRunSaysSoAndAPolicyKeepsItsColour() throws Exception {
        List<ChartRun> runs = ChartRun.read(FOUR_RUNS);
        assertThat(runs).extracting(ChartRun::failed).containsExactly(false, false, true, false);
        Document doc = parse(SvgChart.render("failed", runs));
        assertThat(texts(doc)).contains("failed");
        assertThat(titles(doc)).contains("genscope: failed", "genscope round 1 (precopy): 12000 pages (the run failed)");
        // gmig is drawn in the same colour whether it comes first or second, alone or with others
        String alone = colourOf(parse(SvgChart.render("one", List.of(runs.get(1)))), "gmig round 3");
        String withOthers = colourOf(doc, "gmig round 3");
        assertThat(alone).isEqualTo(withOthers);
        assertThat(colourOf(doc, "precopy round 1")).isNotEqualTo(withOthers);
    }

    @Test
    void labelsDoNotOverlap() throws Exception {
        Document doc = parse(SvgChart.render("labels", ChartRun.read(FOUR_RUNS)));
        NodeList nodes = doc.getElementsByTagName("text");
        List<double[]> boxes = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            var e = (org.w3c.dom.Element) nodes.item(i);
            if (e.hasAttribute("transform")) {
                continue; // rotated value labels stand on their own bars
            }
            double size = Double.parseDouble(e.getAttribute("font-size"));
            double w = e.getTextContent().length() * size * 0.55;
            double x = Double.parseDouble(e.getAttribute("x"));
            String anchor = e.getAttribute("text-anchor");
            double left = anchor.equals("middle") ? x - w / 2 : anchor.equals("end") ? x - w : x;
            double y = Double.parseDouble(e.getAttribute("y"));
            boxes.add(new double[] {left, left + w, y - size, y, i});
        }
        for (int a = 0; a < boxes.size(); a++) {
            for (int b = a + 1; b < boxes.size(); b++) {
                double[] p = boxes.get(a);
                double[] q = boxes.get(b);
                boolean overlap = p[0] < q[1] && q[0] < p[1] && p[2] < q[3] && q[2] < p[3];
                assertThat(overlap).as("'%s' and '%s' overlap", nodes.item((int) p[4]).getTextContent(),
                        nodes.item((int) q[4]).getTextContent()).isFalse();
            }
        }
    }

    private static List<String> texts(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    private static List<String> titles(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("title");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    private static String colourOf(Document doc, String tipStart) {
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            var e = (org.w3c.dom.Element) rects.item(i);
            if (e.getTextContent().startsWith(tipStart)) {
                return e.getAttribute("fill");
            }
        }
        throw new AssertionError("no bar titled " + tipStart);
    }
}
