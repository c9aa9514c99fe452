package dev.hibiki.bench;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page for one run: the summary, a latency distribution (percentile
 * curve) and a per-second timeline, drawn as inline SVG. No script, font or style from the
 * internet; the raw JSON is embedded for anyone who wants to replot it.
 */
final class HtmlReport {

    private static final int W = 760;
    private static final int H = 260;
    private static final int PAD = 48;

    private HtmlReport() {
    }

    static String render(BenchResult r, String json) {
        StringBuilder s = new StringBuilder(16_384);
        s.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hibiki bench: ")
                .append(esc(r.label())).append(' ').append(esc(r.scenario())).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:60em}")
                .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}")
                .append("code{background:#f4f4f4;padding:2px 4px}svg{background:#fcfcfc;border:1px solid #ddd;margin:1em 0}")
                .append("text{font:11px sans-serif;fill:#444}</style></head><body>");
        s.append("<h1>").append(esc(r.label())).append(": ").append(esc(r.scenario())).append("</h1>");
        s.append("<p><code>").append(esc(r.command())).append("</code></p><table>");
        row(s, "connections", r.connected() + " / " + r.connections() + (r.rooms() > 0 ? " in " + r.rooms() + " rooms" : ""));
        if (!r.scenario().equals("idle")) {
            row(s, "offered", fmt(r.offeredRate()) + " msg/s, " + fmt(r.measuredSeconds()) + " s measured after " + fmt(r.warmupSeconds())
                    + " s warm-up");
            row(s, "throughput", fmt(r.throughputPerSecond()) + " received/s");
            row(s, "delivered / expected / lost", r.received() + " / " + r.expected() + " / " + r.lost());
            BenchResult.Latency l = r.latencyMs();
            row(s, "latency (ms)", "p50 " + fmt(l.p50()) + ", p95 " + fmt(l.p95()) + ", p99 " + fmt(l.p99()) + ", p99.9 "
                    + fmt(l.p999()) + ", max " + fmt(l.max()));
        }
        row(s, "errors", Long.toString(r.errors()));
        row(s, "generator CPU", fmt(r.generator().cpuSeconds()) + " s (" + fmt(r.generator().cpuPercentOfOneCore()) + "% of a core)");
        BenchResult.Server sv = r.server();
        if (sv != null) {
            row(s, "server CPU", fmt(sv.cpuSeconds()) + " s (" + fmt(sv.cpuPercentOfOneCore()) + "% of a core), "
                    + fmt(sv.cpuMicrosPerUnit()) + " µs per " + sv.unit() + " (" + fmt(sv.cpuMicrosPerUnitWithoutJit()) + " without JIT compilation)");
            row(s, "server RSS", sv.rssBeforeKb() / 1024 + " MB before, " + sv.rssConnectedKb() / 1024 + " MB connected, "
                    + fmt(sv.kbPerConnection()) + " KB per connection");
        }
        s.append("</table>");
        if (!r.histogram().isEmpty()) {
            s.append("<h2>Latency histogram (measured messages)</h2>");
            histogram(s, r.histogram());
        }
        if (!r.scenario().equals("idle")) {
            s.append("<h2>Latency per second (p50, p99, max)</h2>");
            timeline(s, r.timeline(), true);
        }
        s.append("<h2>Messages per second (sent, received)</h2>");
        timeline(s, r.timeline(), false);
        s.append("<h2>Raw result</h2><pre>").append(esc(json)).append("</pre></body></html>\n");
        return s.toString();
    }

    /** One chart over the run's seconds: either latencies (ms) or rates (per second). */
    private static void timeline(StringBuilder s, List<BenchResult.Second> points, boolean latency) {
        s.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\" role=\"img\">");
        if (points.isEmpty()) {
            s.append("<text x=\"20\" y=\"40\">no samples</text></svg>");
            return;
        }
        double max = 0;
        for (BenchResult.Second p : points) {
            max = Math.max(max, latency ? p.max() : Math.max(p.sent(), p.received()));
        }
        max = niceCeiling(max);
        int n = points.size();
        double dx = (W - 2.0 * PAD) / Math.max(1, n - 1);
        // axes and grid
        for (int i = 0; i <= 4; i++) {
            double y = H - PAD + 0.0 - i * (H - 2.0 * PAD) / 4;
            s.append(line(PAD, y, W - PAD, y, "#eee"));
            s.append("<text x=\"4\" y=\"").append(fmt(y + 4)).append("\">").append(fmt(max * i / 4)).append("</text>");
        }
        for (int i = 0; i < n; i++) {
            BenchResult.Second p = points.get(i);
            if (i == 0 || !p.phase().equals(points.get(i - 1).phase())) {
                double x = PAD + i * dx;
                s.append(line(x, PAD / 2.0, x, H - PAD, "#ccc"));
                s.append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(PAD / 2 + 10).append("\">").append(esc(p.phase()))
                        .append("</text>");
            }
        }
        s.append("<text x=\"").append(W / 2).append("\" y=\"").append(H - 10).append("\">seconds</text>");
        String[] colours = latency ? new String[] {"#2a7", "#d83", "#a3c"} : new String[] {"#37c", "#2a7"};
        String[] names = latency ? new String[] {"p50", "p99", "max"} : new String[] {"sent/s", "received/s"};
        for (int series = 0; series < colours.length; series++) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < n; i++) {
                BenchResult.Second p = points.get(i);
                double v = latency ? (series == 0 ? p.p50() : series == 1 ? p.p99() : p.max()) : (series == 0 ? p.sent() : p.received());
                double x = PAD + i * dx;
                double y = H - PAD - (max == 0 ? 0 : v / max * (H - 2.0 * PAD));
                path.append(i == 0 ? "M" : "L").append(fmt(x)).append(',').append(fmt(y));
            }
            s.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(colours[series]).append("\" d=\"").append(path)
                    .append("\"/>");
            s.append("<text x=\"").append(W - PAD - 90).append("\" y=\"").append(PAD / 2 + 14 * series + 10)
                    .append("\" style=\"fill:").append(colours[series]).append("\">").append(names[series])
                    .append(latency ? " (ms)" : "").append("</text>");
        }
        s.append("</svg>");
    }

    /** Bars per log-spaced latency bucket; the x axis labels are the buckets' upper bounds in ms. */
    private static void histogram(StringBuilder s, List<BenchResult.Bucket> buckets) {
        s.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\" role=\"img\">");
        long max = 1;
        for (BenchResult.Bucket b : buckets) {
            max = Math.max(max, b.count());
        }
        double top = niceCeiling(max);
        double bw = (W - 2.0 * PAD) / buckets.size();
        for (int i = 0; i <= 4; i++) {
            double y = H - PAD - i * (H - 2.0 * PAD) / 4;
            s.append(line(PAD, y, W - PAD, y, "#eee"));
            s.append("<text x=\"4\" y=\"").append(fmt(y + 4)).append("\">").append(fmt(top * i / 4)).append("</text>");
        }
        int labelEvery = Math.max(1, buckets.size() / 10);
        for (int i = 0; i < buckets.size(); i++) {
            BenchResult.Bucket b = buckets.get(i);
            double h = b.count() / top * (H - 2.0 * PAD);
            double x = PAD + i * bw;
            s.append("<rect x=\"").append(fmt(x + 1)).append("\" y=\"").append(fmt(H - PAD - h)).append("\" width=\"")
                    .append(fmt(Math.max(1, bw - 2))).append("\" height=\"").append(fmt(h)).append("\" fill=\"#37c\"><title>&lt;= ")
                    .append(fmt(b.upToMs())).append(" ms: ").append(b.count()).append("</title></rect>");
            if (i % labelEvery == 0) {
                s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(H - PAD + 14).append("\">").append(fmt(b.upToMs()))
                        .append("</text>");
            }
        }
        s.append("<text x=\"").append(W / 2).append("\" y=\"").append(H - 10).append("\">latency, ms (upper bound of each bucket)</text>");
        s.append("</svg>");
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\" stroke=\"" + colour
                + "\"/>";
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
