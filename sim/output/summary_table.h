// A short human summary of a run, for the terminal: the figures a planner looks at first.
#ifndef VMSIM_SIM_OUTPUT_SUMMARY_TABLE_H_
#define VMSIM_SIM_OUTPUT_SUMMARY_TABLE_H_

#include <nlohmann/json.hpp>
#include <string>

namespace vmsim::sim {

// Renders the table from a summary.json document.
std::string FormatSummaryTable(const nlohmann::ordered_json& summary);

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_OUTPUT_SUMMARY_TABLE_H_
