#include "sim/sweep/sweep.h"

#include <charconv>

namespace vmsim::sim {
namespace {

// "/fleet/templates/0/count=4, /workloads/2/arrival/rate=\"6/h\"".
std::string DescribePoint(const SweepPlan& plan, size_t index) {
  std::string out;
  const auto values = PointValues(plan, index);
  for (size_t a = 0; a < values.size(); ++a) {
    out += (a ? ", " : "") + plan.axes[a].pointer + "=" + values[a].dump();
  }
  return out;
}

}  // namespace

core::Result<ShardId> ParseShard(std::string_view text) {
  const auto bad = core::Status(
      core::ErrorKind::kInvalidRequest,
      "--shard: expected K/N with 0 <= K < N (e.g. 0/4), got \"" + std::string(text) + "\"");
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad;
  ShardId s;
  const auto k = std::from_chars(text.data(), text.data() + slash, s.index);
  const auto n = std::from_chars(text.data() + slash + 1, text.data() + text.size(), s.count);
  if (k.ec != std::errc() || k.ptr != text.data() + slash || n.ec != std::errc() ||
      n.ptr != text.data() + text.size() || s.count < 1 || s.index < 0 || s.index >= s.count) {
    return bad;
  }
  return s;
}

core::Result<PreparedSweep> PreparedSweep::Prepare(SweepSpec spec) {
  PreparedSweep out(std::move(spec));
  const SweepSpec& s = out.spec_;
  for (size_t p = 0; p < s.plan.Points(); ++p) {
    auto doc = PointScenario(s, p);
    if (!doc.ok()) return doc.status();
    std::string text = doc->dump();
    auto scenario = ParseScenario(text, s.base_file, s.base_dir);
    if (!scenario.ok()) {
      return core::Status(core::ErrorKind::kInvalidRequest,
                          s.file + ": point " + std::to_string(p) + " (" +
                              DescribePoint(s.plan, p) + "): " + scenario.status().message());
    }
    out.scenarios_.push_back(std::move(scenario).value());
    out.canonical_.push_back(std::move(text));
  }
  return out;
}

std::vector<size_t> PreparedSweep::ShardUnits(ShardId shard) const {
  std::vector<size_t> units;
  for (size_t u = static_cast<size_t>(shard.index); u < Units();
       u += static_cast<size_t>(shard.count)) {
    units.push_back(u);
  }
  return units;
}

RunUnit PreparedSweep::Unit(size_t u) const {
  const size_t reps = static_cast<size_t>(spec_.plan.replications);
  const size_t point = u / reps;
  return RunUnit{&scenarios_[point], canonical_[point],
                 spec_.plan.Seed(static_cast<int64_t>(u % reps)), spec_.plan.until};
}

}  // namespace vmsim::sim
