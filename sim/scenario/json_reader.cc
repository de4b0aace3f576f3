#include "sim/scenario/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/units.h"
#include "sim/scenario/scenario_limits.h"

namespace vmsim::sim {
namespace {

std::string Escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string Describe(const nlohmann::json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

}  // namespace

JsonReader::Node JsonReader::Node::At(std::string_view key) const {
  return Node{&j->at(std::string(key)), pointer + "/" + Escape(key)};
}

JsonReader::Node JsonReader::Node::At(size_t index) const {
  return Node{&j->at(index), pointer + "/" + std::to_string(index)};
}

void JsonReader::Fail(const std::string& pointer, const std::string& message) {
  if (!error_) error_ = file_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + message;
}

bool JsonReader::Object(const Node& node, const std::vector<std::string_view>& allowed) {
  if (!node.j->is_object()) {
    Fail(node.pointer, "expected an object, got " + Describe(*node.j));
    return false;
  }
  for (const auto& [key, value] : node.j->items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      Fail(node.pointer + "/" + Escape(key), "unknown field (expected one of: " + names + ")");
      return false;
    }
  }
  return true;
}

size_t JsonReader::Array(const Node& node) {
  if (!node.j->is_array()) {
    Fail(node.pointer, "expected an array, got " + Describe(*node.j));
    return 0;
  }
  return node.j->size();
}

std::string JsonReader::String(const Node& parent, std::string_view key) {
  if (!parent.Has(key)) {
    Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return "";
  }
  return String(parent, key, "");
}

std::string JsonReader::String(const Node& parent, std::string_view key, std::string fallback) {
  if (!parent.Has(key)) return fallback;
  const Node n = parent.At(key);
  if (!n.j->is_string()) {
    Fail(n.pointer, "expected a string, got " + Describe(*n.j));
    return fallback;
  }
  return n.j->get<std::string>();
}

int64_t JsonReader::Int(const Node& parent, std::string_view key, std::optional<int64_t> fallback,
                        int64_t min, int64_t max) {
  if (!parent.Has(key)) {
    if (!fallback) Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return fallback.value_or(0);
  }
  const Node n = parent.At(key);
  if (!n.j->is_number_integer()) {
    Fail(n.pointer, "expected a whole number, got " + Describe(*n.j));
    return fallback.value_or(0);
  }
  // nlohmann keeps a number past INT64_MAX as unsigned: it is too large, not negative.
  if (n.j->is_number_unsigned() && n.j->get<uint64_t>() > static_cast<uint64_t>(max)) {
    Fail(n.pointer, "must be at most " + std::to_string(max) + ", got " + Describe(*n.j));
    return fallback.value_or(0);
  }
  const int64_t v = n.j->get<int64_t>();
  if (v < min)
    Fail(n.pointer, "must be at least " + std::to_string(min) + ", got " + std::to_string(v));
  if (v > max)
    Fail(n.pointer, "must be at most " + std::to_string(max) + ", got " + std::to_string(v));
  return std::clamp(v, min, max);
}

uint64_t JsonReader::Uint64(const Node& parent, std::string_view key, uint64_t fallback) {
  if (!parent.Has(key)) return fallback;
  const Node n = parent.At(key);
  if (!n.j->is_number_unsigned()) {
    Fail(n.pointer,
         "expected a whole number from 0 to 18446744073709551615, got " + Describe(*n.j));
    return fallback;
  }
  return n.j->get<uint64_t>();
}

bool JsonReader::Bool(const Node& parent, std::string_view key, bool fallback) {
  if (!parent.Has(key)) return fallback;
  const Node n = parent.At(key);
  if (!n.j->is_boolean()) {
    Fail(n.pointer, "expected true or false");
    return fallback;
  }
  return n.j->get<bool>();
}

double JsonReader::Number(const Node& parent, std::string_view key, std::optional<double> fallback,
                          double min, double max) {
  if (!parent.Has(key)) {
    if (!fallback) Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return fallback.value_or(0);
  }
  const Node n = parent.At(key);
  if (!n.j->is_number()) {
    Fail(n.pointer, "expected a number, got " + Describe(*n.j));
    return fallback.value_or(0);
  }
  const double v = n.j->get<double>();
  if (!(v >= min && v <= max)) {
    Fail(n.pointer,
         "must be within " + Describe(min) + " to " + Describe(max) + ", got " + Describe(v));
  }
  return v;
}

std::vector<std::string> JsonReader::Strings(const Node& parent, std::string_view key) {
  std::vector<std::string> out;
  if (!parent.Has(key)) return out;
  const Node n = parent.At(key);
  const size_t size = Array(n);
  for (size_t i = 0; i < size; ++i) {
    const Node e = n.At(i);
    if (!e.j->is_string()) {
      Fail(e.pointer, "expected a string, got " + Describe(*e.j));
      return {};
    }
    out.push_back(e.j->get<std::string>());
  }
  return out;
}

core::Duration JsonReader::Duration(const Node& parent, std::string_view key,
                                    std::optional<core::Duration> fallback) {
  if (!parent.Has(key)) {
    if (!fallback) Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return fallback.value_or(core::Duration());
  }
  const Node n = parent.At(key);
  if (!n.j->is_string()) {
    Fail(n.pointer, "expected a duration such as \"90s\" or \"15m\", got " + Describe(*n.j));
    return core::Duration();
  }
  auto d = core::ParseDuration(n.j->get<std::string>());
  if (!d.ok()) {
    Fail(n.pointer, d.status().message());
    return core::Duration();
  }
  if (*d < core::Duration()) Fail(n.pointer, "must not be negative");
  if (*d > kMaxScenarioDuration) Fail(n.pointer, "must be at most 36525d (100 years)");
  return *d;
}

int64_t JsonReader::MemoryMiB(const Node& parent, std::string_view key) {
  if (!parent.Has(key)) {
    Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return 0;
  }
  const Node n = parent.At(key);
  if (n.j->is_number_integer()) return n.j->get<int64_t>();
  if (!n.j->is_string()) {
    Fail(n.pointer, "expected memory such as \"8GiB\" or a number of MiB, got " + Describe(*n.j));
    return 0;
  }
  auto v = core::ParseMemoryMiB(n.j->get<std::string>());
  if (!v.ok()) Fail(n.pointer, v.status().message());
  return v.ok() ? *v : 0;
}

int64_t JsonReader::Bytes(const Node& parent, std::string_view key) {
  if (!parent.Has(key)) {
    Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return 0;
  }
  const Node n = parent.At(key);
  if (!n.j->is_string()) {
    Fail(n.pointer, "expected a size such as \"1TB\" or \"512GiB\", got " + Describe(*n.j));
    return 0;
  }
  auto v = core::ParseBytes(n.j->get<std::string>(), core::BareUnit::kGB);
  if (!v.ok()) Fail(n.pointer, v.status().message());
  return v.ok() ? *v : 0;
}

Distribution JsonReader::DurationDistribution(const Node& parent, std::string_view key,
                                              std::optional<Distribution> fallback) {
  if (!parent.Has(key)) {
    if (!fallback) Fail(parent.pointer + "/" + Escape(key), "required field is missing");
    return fallback.value_or(Distribution());
  }
  const Node n = parent.At(key);
  const auto micros = [](core::Duration d) { return static_cast<double>(d.micros()); };
  core::Result<Distribution> made = Distribution();
  if (n.j->is_string()) {
    made = Distribution::Constant(micros(Duration(parent, key, std::nullopt)));
  } else {
    if (!Object(
            n, {"dist", "value", "mean", "stddev", "min", "max", "samples", "values", "weights"})) {
      return Distribution();
    }
    const std::string kind = String(n, "dist");
    if (kind == "constant") {
      made = Distribution::Constant(micros(Duration(n, "value", std::nullopt)));
    } else if (kind == "exponential") {
      made = Distribution::Exponential(micros(Duration(n, "mean", std::nullopt)));
    } else if (kind == "uniform") {
      made = Distribution::Uniform(micros(Duration(n, "min", std::nullopt)),
                                   micros(Duration(n, "max", std::nullopt)));
    } else if (kind == "normal" || kind == "lognormal") {
      const double mean = micros(Duration(n, "mean", std::nullopt));
      const double stddev = micros(Duration(n, "stddev", std::nullopt));
      made = kind == "normal" ? Distribution::Normal(mean, stddev)
                              : Distribution::LogNormal(mean, stddev);
    } else if (kind == "empirical" || kind == "discrete") {
      const Node list = n.At(kind == "empirical" ? "samples" : "values");
      std::vector<double> values;
      for (size_t i = 0, size = Array(list); i < size; ++i) {
        const Node e = list.At(i);
        auto d = e.j->is_string() ? core::ParseDuration(e.j->get<std::string>())
                                  : core::Result<core::Duration>(core::Status(
                                        core::ErrorKind::kInvalidRequest, "expected a duration"));
        if (!d.ok()) Fail(e.pointer, d.status().message());
        values.push_back(d.ok() ? micros(*d) : 0);
      }
      if (kind == "empirical") {
        made = Distribution::Empirical(std::move(values));
      } else {
        std::vector<double> weights;
        const Node w = n.At("weights");
        for (size_t i = 0, size = Array(w); i < size; ++i) {
          weights.push_back(w.At(i).j->is_number() ? w.At(i).j->get<double>() : -1);
        }
        made = Distribution::WeightedDiscrete(std::move(values), std::move(weights));
      }
    } else if (ok()) {
      Fail(n.pointer + "/dist", "unknown distribution \"" + kind +
                                    "\" (expected constant, uniform, exponential, normal, "
                                    "lognormal, empirical or discrete)");
    }
  }
  if (!ok()) return Distribution();
  if (!made.ok()) {
    Fail(n.pointer, made.status().message());
    return Distribution();
  }
  return *made;
}

std::optional<core::Duration> ParseRate(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view count = text.substr(0, slash);
  double n = 0;
  const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (ec != std::errc() || end != count.data() + count.size() || !(n > 0)) return std::nullopt;
  // "30/h" is per hour; "12/2h" per two hours.
  const std::string_view unit = text.substr(slash + 1);
  const bool bare_unit = !unit.empty() && !(unit[0] >= '0' && unit[0] <= '9');
  auto per = core::ParseDuration(bare_unit ? "1" + std::string(unit) : std::string(unit));
  if (!per.ok()) return std::nullopt;
  const double micros = std::round(static_cast<double>(per->micros()) / n);
  if (!(micros >= 1)) return std::nullopt;
  return core::Duration::Micros(static_cast<int64_t>(micros));
}

}  // namespace vmsim::sim
