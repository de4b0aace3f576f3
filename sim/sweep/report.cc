#include "sim/sweep/report.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "sim/output/junit.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kWidth = 360, kHeight = 180, kLeft = 60, kRight = 12, kTop = 14, kBottom = 36;
constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c",
                                    "#9467bd", "#ff7f0e", "#8c564b"};

std::string Num(double v, const char* format = "%.2f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string Value(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Maps data to the plot area of a chart.
struct Frame {
  double x0, x1, y0, y1;
  double X(double x) const {
    return kLeft + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * (kWidth - kLeft - kRight);
  }
  double Y(double y) const {
    return kTop + (1 - (y1 > y0 ? (y - y0) / (y1 - y0) : 0.5)) * (kHeight - kTop - kBottom);
  }
};

// Opens an <svg class="chart"> with axes, the y range's labels and a title.
std::string OpenChart(const std::string& kind, const std::string& title, const Frame& f) {
  std::string s = "<figure><svg class=\"chart\" data-chart=\"" + kind + "\" width=\"" +
                  Num(kWidth, "%.0f") + "\" height=\"" + Num(kHeight, "%.0f") +
                  "\" viewBox=\"0 0 " + Num(kWidth, "%.0f") + " " + Num(kHeight, "%.0f") +
                  "\" xmlns=\"http://www.w3.org/2000/svg\">";
  const double bottom = kHeight - kBottom;
  s += "<line class=\"axis\" x1=\"" + Num(kLeft) + "\" y1=\"" + Num(kTop) + "\" x2=\"" +
       Num(kLeft) + "\" y2=\"" + Num(bottom) + "\"/><line class=\"axis\" x1=\"" + Num(kLeft) +
       "\" y1=\"" + Num(bottom) + "\" x2=\"" + Num(kWidth - kRight) + "\" y2=\"" + Num(bottom) +
       "\"/>";
  s += "<text x=\"" + Num(kLeft - 4) + "\" y=\"" + Num(kTop + 4) + "\" text-anchor=\"end\">" +
       Num(f.y1, "%.3g") + "</text><text x=\"" + Num(kLeft - 4) + "\" y=\"" + Num(bottom) +
       "\" text-anchor=\"end\">" + Num(f.y0, "%.3g") + "</text>";
  return s + "<title>" + XmlEscape(title) + "</title>";
}

std::string CloseChart(const std::string& caption) {
  return "</svg><figcaption>" + XmlEscape(caption) + "</figcaption></figure>\n";
}

// The mean line and min-max band of one series over a point's replications.
std::string Band(const std::vector<const Json*>& series, const std::string& name,
                 const char* colour, const Frame& f) {
  size_t n = std::numeric_limits<size_t>::max();
  for (const auto* s : series) n = std::min(n, (*s)[name].size());
  if (series.empty() || n == 0) return "";
  const Json& t = (*series[0])["t"];
  std::string upper, lower, mean;
  for (size_t i = 0; i < n; ++i) {
    double lo = 1e300, hi = -1e300, sum = 0;
    for (const auto* s : series) {
      const double v = (*s)[name][i].get<double>();
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
    const std::string x = Num(f.X(t[i].get<double>()));
    upper += (i ? " L" : "M") + x + "," + Num(f.Y(hi));
    lower = " L" + x + "," + Num(f.Y(lo)) + lower;
    mean += (i ? " L" : "M") + x + "," + Num(f.Y(sum / static_cast<double>(series.size())));
  }
  return "<path class=\"band\" data-series=\"" + name + "\" d=\"" + upper + lower + " Z\" fill=\"" +
         colour + "\" fill-opacity=\"0.2\" stroke=\"none\"/><path class=\"line\" data-series=\"" +
         name + "\" d=\"" + mean + "\" fill=\"none\" stroke=\"" + colour +
         "\" stroke-width=\"1.5\"/>";
}

std::string UtilisationCharts(const Json& results, const std::vector<Json>& records) {
  const size_t reps = results["replications"].get<size_t>();
  std::string html =
      "<h2>Utilisation over time</h2><p>Fleet utilisation per point: the mean across " +
      std::to_string(reps) + " replications, in the band from their minimum to their maximum. " +
      "<span style=\"color:#1f77b4\">cores</span>, <span "
      "style=\"color:#d62728\">memory</span>.</p>\n";
  for (const auto& p : results["points"]) {
    const size_t first = p["index"].get<size_t>() * reps;
    std::vector<const Json*> series;
    double end = 0;
    for (size_t r = first; r < first + reps; ++r) {
      series.push_back(&records[r]["series"]);
      if (!records[r]["series"]["t"].empty())
        end = std::max(end, records[r]["series"]["t"].back().get<double>());
    }
    const Frame f{0, end, 0, 1};
    std::string caption = "point " + p["index"].dump();
    for (const auto& [pointer, v] : p["values"].items())
      caption += ", " + pointer + " = " + Value(v);
    html += OpenChart("utilisation", caption, f) + Band(series, "cores", kPalette[0], f) +
            Band(series, "memory", kPalette[1], f) + "<text x=\"" + Num(kWidth - kRight) +
            "\" y=\"" + Num(kHeight - kBottom + 14) + "\" text-anchor=\"end\">" +
            Num(end / 3600, "%.4g") + " h</text>" + CloseChart(caption);
  }
  return html;
}

// One chart: `metric` against the first axis, one series per combination of the others.
std::string MetricChart(const Json& results, const std::string& metric) {
  const Json& axes = results["axes"];
  const Json& xs = axes[0]["values"];
  const std::string x_axis = axes[0]["pointer"];
  double lo = 0, hi = 0;
  for (const auto& p : results["points"]) {
    const Json& st = p["metrics"][metric];
    if (st["n"].get<int64_t>() == 0) continue;
    lo = std::min(lo, st["ci95_low"].get<double>());
    hi = std::max(hi, st["ci95_high"].get<double>());
  }
  if (hi <= lo) hi = lo + 1;
  const Frame f{-0.5, static_cast<double>(xs.size()) - 0.5, lo, hi};
  std::string s = OpenChart("metric", metric, f);
  for (size_t i = 0; i < xs.size(); ++i) {
    s += "<text x=\"" + Num(f.X(static_cast<double>(i))) + "\" y=\"" + Num(kHeight - kBottom + 14) +
         "\" text-anchor=\"middle\">" + XmlEscape(Value(xs[i])) + "</text>";
  }
  std::vector<Json> groups;
  for (const auto& p : results["points"]) {
    Json others = p["values"];
    others.erase(x_axis);
    auto g = std::find(groups.begin(), groups.end(), others);
    const size_t group = static_cast<size_t>(g - groups.begin());
    if (g == groups.end()) groups.push_back(others);
    const Json& st = p["metrics"][metric];
    if (st["n"].get<int64_t>() == 0) continue;
    const size_t xi =
        static_cast<size_t>(std::find(xs.begin(), xs.end(), p["values"][x_axis]) - xs.begin());
    const double x = f.X(static_cast<double>(xi)) + static_cast<double>(group % 6) * 4;
    const char* colour = kPalette[group % 6];
    s += "<line class=\"ci\" x1=\"" + Num(x) + "\" y1=\"" + Num(f.Y(st["ci95_low"].get<double>())) +
         "\" x2=\"" + Num(x) + "\" y2=\"" + Num(f.Y(st["ci95_high"].get<double>())) +
         "\" stroke=\"" + colour + "\"/>";
    s += "<circle class=\"mean\" data-series=\"" + XmlEscape(others.dump()) + "\" cx=\"" + Num(x) +
         "\" cy=\"" + Num(f.Y(st["mean"].get<double>())) + "\" r=\"3\" fill=\"" + colour +
         "\"><title>" +
         XmlEscape(Value(p["values"][x_axis]) + ": mean " + st["mean"].dump() + ", 95% CI [" +
                   st["ci95_low"].dump() + ", " + st["ci95_high"].dump() + "]") +
         "</title></circle>";
  }
  std::string caption = metric + " against " + x_axis + " (mean, 95% CI)";
  for (size_t g = 0; groups.size() > 1 && g < groups.size(); ++g) {
    caption += "; " + std::string(g == 0 ? "series: " : "") + "colour " + std::to_string(g + 1) +
               " = " + groups[g].dump();
  }
  return s + CloseChart(caption);
}

std::string SearchSection(const Json& results) {
  if (!results.contains("search")) return "";
  const Json& s = results["search"];
  std::string html = "<h2>Answer</h2><ul>";
  for (const auto& a : s["answers"]) {
    html += "<li>The fewest " + XmlEscape(s["axis"].get<std::string>()) + " keeping " +
            XmlEscape(s["metric"].get<std::string>()) + " &le; " + s["at_most"].dump() +
            " with 95% confidence";
    if (!a["others"].empty()) html += " (with " + XmlEscape(a["others"].dump()) + ")";
    html += ": <b>" +
            (a["value"].is_null() ? std::string("none of the swept values")
                                  : XmlEscape(Value(a["value"]))) +
            "</b>";
    if (!a["stats"].is_null()) {
      html += " (mean " + Num(a["stats"]["mean"].get<double>(), "%.4g") + ", 95% CI [" +
              Num(a["stats"]["ci95_low"].get<double>(), "%.4g") + ", " +
              Num(a["stats"]["ci95_high"].get<double>(), "%.4g") + "])";
    }
    html += "</li>";
  }
  return html + "</ul>\n";
}

std::string ZoneTable(const Json& results) {
  std::string html =
      "<h2>Per zone</h2><p>Binding resource: the one with the highest peak utilisation in the "
      "zone, per "
      "replication (the first to run out as the zone fills). Peaks are means across "
      "replications.</p>"
      "<table><tr><th>point</th><th>values</th><th>zone</th><th>binding "
      "(replications)</th><th>peak cores</th>"
      "<th>peak memory</th><th>peak storage</th></tr>";
  for (const auto& p : results["points"]) {
    for (const auto& [zone, z] : p["zones"].items()) {
      std::string binding;
      for (const auto& [label, n] : z["binding"].items())
        binding += (binding.empty() ? "" : ", ") + label + " " + n.dump();
      html += "<tr><td>" + p["index"].dump() + "</td><td>" + XmlEscape(p["values"].dump()) +
              "</td><td>" + XmlEscape(zone) + "</td><td>" + XmlEscape(binding) + "</td>";
      for (const char* res : {"cores", "memory", "storage"})
        html += "<td>" + Num(z["peak"][res]["mean"].get<double>(), "%.3f") + "</td>";
      html += "</tr>";
    }
  }
  return html + "</table>\n";
}

constexpr const char* kScript = R"(<script>
(function () {
  var charts = document.querySelectorAll('svg.chart'), rendered = 0;
  charts.forEach(function (chart) {
    var marks = chart.querySelectorAll('[data-series]'), drawn = 0;
    marks.forEach(function (m) { var b = m.getBBox(); if (b.width > 0 || b.height > 0) drawn++; });
    if (marks.length > 0 && drawn === marks.length) { chart.setAttribute('data-rendered', 'true'); rendered++; }
  });
  document.body.setAttribute('data-rendered', rendered + '/' + charts.length);
})();
</script>
)";

}  // namespace

std::string ReportHtml(const Json& results, const std::vector<Json>& records) {
  const std::string title = "vmsim sweep " + results["sweep"].get<std::string>();
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
      XmlEscape(title) +
      "</title><style>body{font-family:sans-serif;margin:2em}figure{display:inline-block;margin:0 "
      "1em "
      "1em 0}svg "
      "text{font-size:10px}.axis{stroke:#444}table{border-collapse:collapse}td,th{border:1px "
      "solid #ccc;padding:2px 6px;font-size:12px}figcaption{font-size:12px;max-width:360px}</style>"
      "</head>\n<body>\n<h1>" +
      XmlEscape(title) + "</h1>\n<p>Scenario " + XmlEscape(results["scenario"].get<std::string>()) +
      ", " + results["replications"].dump() + " replications per point on common seeds " +
      XmlEscape(results["seeds"].dump()) + ", vmsim " +
      XmlEscape(results["vmsim_version"].get<std::string>()) + ".</p>\n";
  html += SearchSection(results);
  if (!results["axes"].empty()) {
    html += "<h2>Metrics against the swept value</h2>\n";
    std::string unmeasured;
    for (const auto& m : results["metrics"]) {
      const std::string metric = m.get<std::string>();
      const bool measured =
          std::any_of(results["points"].begin(), results["points"].end(),
                      [&](const Json& p) { return p["metrics"][metric]["n"].get<int64_t>() > 0; });
      if (measured)
        html += MetricChart(results, metric);
      else
        unmeasured += (unmeasured.empty() ? "" : ", ") + metric;
    }
    if (!unmeasured.empty())
      html += "<p>Not measured in any run (no chart): " + XmlEscape(unmeasured) + ".</p>\n";
  }
  html += UtilisationCharts(results, records) + ZoneTable(results);
  return html + kScript + "</body></html>\n";
}

}  // namespace vmsim::sim
