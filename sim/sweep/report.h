// The sweep report: one self-contained HTML file (inline SVG and a few lines of inline
// JavaScript, nothing fetched from the network) with utilisation over time per point (the
// mean across replications in a min-max band), each metric against the swept value with 95%
// confidence bars, the search's answer and a per-zone table of binding resources.
// Deterministic for the same inputs. Pure function; thread-safe.
#ifndef VMSIM_SIM_SWEEP_REPORT_H_
#define VMSIM_SIM_SWEEP_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vmsim::sim {

// `results` from SweepResults, `records` the same records in unit order (for the series).
// Every chart is an <svg class="chart"> whose marks carry data-series; once the page has
// rendered, its script sets data-rendered="true" on each chart whose marks all have a
// non-empty bounding box, and data-rendered="K/N" on <body> (K charts of N rendered).
std::string ReportHtml(const nlohmann::ordered_json& results,
                       const std::vector<nlohmann::ordered_json>& records);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_SWEEP_REPORT_H_
