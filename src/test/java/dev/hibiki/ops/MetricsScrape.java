package dev.hibiki.ops;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

/** Reads /q/metrics (Prometheus text format) into series -> value, as a scraper would. */
final class MetricsScrape {

    private final Map<String, Double> series;

    private MetricsScrape(Map<String, Double> series) {
        this.series = series;
    }

    static MetricsScrape now() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> series = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new MetricsScrape(series);
    }

    /** The value of one series, e.g. {@code hibiki_errors_total{code="bad_json"}}; 0 when absent. */
    double value(String name) {
        return series.getOrDefault(name, 0.0);
    }

    boolean has(String name) {
        return series.containsKey(name);
    }

    /** Sum over every series of a metric whatever its tags, e.g. all of {@code hibiki_messages_out_total}. */
    double sum(String metric) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(metric) || e.getKey().startsWith(metric + "{"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    Map<String, Double> all() {
        return series;
    }
}
