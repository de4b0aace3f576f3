#include "sim/sweep/replications.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/json_text.h"
#include "core/rng.h"
#include "sim/engine/simulator.h"
#include "sim/output/output.h"
#include "sim/scenario/scenario_json.h"

namespace vmsim::sim {
namespace {

using Json = nlohmann::ordered_json;

double Round4(double v) { return std::round(v * 1e4) / 1e4; }

// Splits one CSV line of plain (unquoted) cells.
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) out.push_back(cell);
  return out;
}

// The derived figures and the utilisation series, from a run's timeseries.csv.
void AddSeries(const std::string& csv, Json& record) {
  std::stringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::map<std::string, size_t> column;
  const auto header = Cells(line);
  for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  Json t = Json::array(), cores = Json::array(), memory = Json::array(), storage = Json::array();
  std::optional<int64_t> first_rejection;
  const auto ratio = [](const std::vector<std::string>& row, size_t used, size_t total) {
    const double all = std::stod(row[total]);
    return all > 0 ? Round4(std::stod(row[used]) / all) : 0.0;
  };
  while (std::getline(in, line)) {
    const auto row = Cells(line);
    if (row.size() != header.size()) continue;
    const int64_t time = std::stoll(row[column.at("time_s")]);
    t.push_back(time);
    cores.push_back(ratio(row, column.at("cores_used"), column.at("cores_total")));
    memory.push_back(ratio(row, column.at("memory_used_mib"), column.at("memory_total_mib")));
    storage.push_back(
        ratio(row, column.at("storage_used_bytes"), column.at("storage_total_bytes")));
    if (!first_rejection && std::stoll(row[column.at("rejected")]) > 0) first_rejection = time;
  }
  Json derived = Json::object();
  if (first_rejection) derived["first_rejection_seconds"] = *first_rejection;
  record["summary"]["derived"] = derived;
  record["series"] = {{"t", t}, {"cores", cores}, {"memory", memory}, {"storage", storage}};
}

core::Result<Json> Simulate(const RunUnit& unit) {
  RunOptions options;
  options.seed = unit.seed;
  options.until = unit.until;
  auto out = RunScenario(*unit.scenario, options);
  if (!out.ok()) return out.status();
  Json record;
  record["summary"] = out->summary;
  record["summary"].erase("run");
  AddSeries(out->timeseries_csv, record);
  return record;
}

std::optional<Json> ReadCached(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  auto text = ReadTextFile(path);
  auto j = text.ok() ? core::ParseJsonText<Json>(*text, path) : core::Result<Json>(text.status());
  if (j.ok() && j->is_object() && j->contains("summary") && j->contains("series"))
    return std::move(j).value();
  return std::nullopt;  // unreadable or damaged: run again and overwrite
}

// Runs units, taking the next index from `next` until none is left.
void Work(std::atomic<size_t>& next, const std::vector<RunUnit>& units,
          const RunUnitsOptions& options, std::vector<std::optional<core::Result<Json>>>& results,
          std::atomic<int64_t>& hits, std::mutex& mu, size_t& done) {
  for (size_t i = next++; i < units.size(); i = next++) {
    const std::string name = options.cache_dir.empty() ? "" : CacheKey(units[i]) + ".json";
    std::optional<Json> cached;
    if (!name.empty())
      cached = ReadCached((std::filesystem::path(options.cache_dir) / name).string());
    core::Result<Json> r = cached ? core::Result<Json>(std::move(*cached)) : Simulate(units[i]);
    std::lock_guard<std::mutex> lock(mu);  // guards `done`, cache writes and progress calls
    if (cached) {
      ++hits;
    } else if (r.ok() && !name.empty()) {
      const auto written = WriteFileAtomically(
          (std::filesystem::path(options.cache_dir) / name).string(), r->dump() + "\n", "--cache");
      if (!written.ok()) r = core::Result<Json>(written);
    }
    results[i] = std::move(r);
    ++done;
    if (options.progress) options.progress(done, units.size());
  }
}

}  // namespace

std::string CacheKey(const RunUnit& unit) {
  const std::string text =
      unit.canonical_json + "\nseed=" + std::to_string(unit.seed) +
      "\nuntil_us=" + (unit.until ? std::to_string(unit.until->micros()) : "-") +
      "\nversion=" + std::string(VmsimVersion());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(core::Fnv1a64(text)));
  return hex;
}

core::Result<RunUnitsResult> RunUnits(const std::vector<RunUnit>& units,
                                      const RunUnitsOptions& options) {
  std::vector<std::optional<core::Result<Json>>> results(units.size());
  std::atomic<size_t> next{0};
  std::atomic<int64_t> hits{0};
  std::mutex mu;
  size_t done = 0;
  std::exception_ptr failure;  // a bug in a run: rethrown on this thread once all have stopped
  const auto work = [&] {
    try {
      Work(next, units, options, results, hits, mu, done);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failure) failure = std::current_exception();
      next = units.size();
    }
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < std::max(options.jobs, 1); ++j) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  RunUnitsResult out;
  out.cache_hits = hits;
  out.simulated = static_cast<int64_t>(units.size()) - out.cache_hits;
  for (auto& r : results) {
    if (!r->ok()) return r->status();
    out.records.push_back(std::move(*r).value());
  }
  return out;
}

std::optional<double> MetricValue(const nlohmann::ordered_json& record,
                                  const std::string& pointer) {
  try {
    const Json::json_pointer p(pointer);
    const Json& summary = record.at("summary");
    if (!summary.contains(p)) return std::nullopt;
    const Json& v = summary.at(p);
    if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
    if (v.is_number()) return v.get<double>();
  } catch (const nlohmann::json::exception&) {
  }
  return std::nullopt;
}

}  // namespace vmsim::sim
