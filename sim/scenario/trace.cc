#include <charconv>
#include <fstream>
#include <sstream>

#include "core/units.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/scenario_parts.h"

namespace vmsim::sim::internal {
namespace {

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

std::vector<TraceRecord> ReadTrace(JsonReader& r, const std::string& pointer,
                                   const std::string& path) {
  std::vector<TraceRecord> out;
  std::ifstream in(path);
  if (!in) {
    r.Fail(pointer, "cannot read trace file " + path);
    return out;
  }
  std::string line;
  int line_no = 0;
  const auto fail = [&](const std::string& why) {
    r.Fail(pointer, path + ":" + std::to_string(line_no) + ": " + why);
  };
  while (std::getline(in, line) && r.ok()) {
    ++line_no;
    if (static_cast<int64_t>(out.size()) >= kMaxTraceRows) {
      fail("more than " + std::to_string(kMaxTraceRows) + " rows");
      break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line_no == 1 && line.rfind("time,", 0) == 0) continue;  // the header
    const auto cells = SplitCsv(line);
    if (cells.size() != 6) {
      fail("expected 6 columns: time,action,vm,cores,memory,disk");
      break;
    }
    TraceRecord rec;
    auto at = core::ParseDuration(cells[0]);
    if (!at.ok()) {
      fail(at.status().message());
      break;
    }
    rec.at = core::Timestamp::FromMicros(at->micros());
    rec.vm = cells[2];
    if (cells[1] == "decompose") {
      rec.compose = false;
    } else if (cells[1] == "compose") {
      auto memory = core::ParseMemoryMiB(cells[4]);
      auto disk = core::ParseBytes(cells[5], core::BareUnit::kGB);
      int64_t cores = 0;
      const auto [end, ec] =
          std::from_chars(cells[3].data(), cells[3].data() + cells[3].size(), cores);
      if (ec != std::errc() || end != cells[3].data() + cells[3].size()) cores = 0;
      if (cores < 1 || cores > kMaxCores || !memory.ok() || *memory < 1 ||
          *memory > kMaxMemoryMiB || !disk.ok() || *disk <= 0 || *disk > kMaxStorageBytes) {
        fail("a compose row needs cores from 1 to " + std::to_string(kMaxCores) +
             ", a memory size up to 1 EiB and a disk size up to 1 EiB");
        break;
      }
      rec.shape.spec.cores = cores;
      rec.shape.spec.memory = *memory;
      rec.shape.spec.disks = {{cells[5], ""}};
    } else {
      fail("action must be compose or decompose, got \"" + cells[1] + "\"");
      break;
    }
    if (!out.empty() && rec.at < out.back().at) {
      fail("rows must be in time order");
      break;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace vmsim::sim::internal
