package dev.conndoctor.cli.exporter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The exporter's {@code /} page: its modules and the last probes, each with a link to run it again in debug mode. */
final class IndexPage {

    private IndexPage() {
    }

    static String render(List<ProbeHistory.Entry> entries, ExporterConfig config, ExporterServer.Settings settings) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>conndoctor exporter</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}\
                td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.failed{color:#a00}</style></head>
                <body><h1>conndoctor exporter</h1>
                <p>A blackbox_exporter-compatible prober that names the cause:
                <a href="/metrics">metrics</a>, <a href="/config">configuration</a>.</p>
                """);
        html.append("<p>Modules: ").append(escape(String.join(", ", config.modules().keySet()))).append(". ");
        html.append(settings.allow().allowsEverything() ? "Any target may be probed."
                : "Targets allowed: " + escape(settings.allow().toString()) + ".").append("</p>\n");
        html.append("<h2>Recent probes</h2>\n<table><tr><th>time</th><th>module</th><th>target</th><th>result</th>"
                + "<th>symptom</th><th>primary cause</th><th>ms</th><th>debug</th></tr>\n");
        for (ProbeHistory.Entry e : entries) {
            String debug = "/probe?module=" + url(e.module()) + "&target=" + url(e.target()) + "&debug=true";
            html.append("<tr><td>").append(escape(e.at().toString()))
                    .append("</td><td>").append(escape(e.module()))
                    .append("</td><td>").append(escape(e.target()))
                    .append("</td><td class=\"").append(e.success() ? "ok" : "failed").append("\">")
                    .append(e.success() ? "success" : "failure")
                    .append("</td><td>").append(escape(e.symptom().orElse("")))
                    .append("</td><td>").append(escape(e.cause().orElse("")))
                    .append("</td><td>").append(e.durationMs())
                    .append("</td><td><a href=\"").append(escape(debug)).append("\">debug</a></td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Text as HTML text or an attribute value: the target is anyone's string. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
