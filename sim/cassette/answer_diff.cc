#include "sim/cassette/answer_diff.h"

#include <algorithm>

namespace vmsim::sim {
namespace {

std::string Scalar(const nlohmann::json& j) {
  return j.is_string() ? j.get<std::string>() : j.dump();
}

std::string Shown(const nlohmann::json& j) {
  std::string s = j.dump();
  if (s.size() > 200) s = s.substr(0, 197) + "...";
  return s;
}

std::string EscapePointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1) {
    parts.push_back(path.substr(start, slash - start));
  }
  parts.push_back(path.substr(start));
  return parts;
}

}  // namespace

bool IsIdentifierKey(const std::string& key) {
  return key == "system_id" || key == "hostname" || key == "fqdn" || key == "id" ||
         key == "mac_address" || key == "serial";
}

std::set<std::string> DefaultIgnoredKeys() {
  return {"created", "updated", "last_sync", "next_sync", "hardware_uuid", "boot_disk"};
}

AnswerDiff::AnswerDiff(std::set<std::string> ignored) : ignored_(std::move(ignored)) {}

void AnswerDiff::Learn(const std::string& key, const std::string& recorded,
                       const std::string& replayed) {
  learned_[key][recorded] = replayed;
  if ((key == "system_id" || key == "hostname" || key == "fqdn") && recorded.size() >= 3) {
    substrings_.emplace_back(recorded, replayed);
    // Longest first, so "web-1" never maps inside "web-10".
    std::stable_sort(substrings_.begin(), substrings_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }
}

std::string AnswerDiff::MappedValue(const std::string& key, const std::string& recorded) const {
  const auto k = learned_.find(key);
  if (k == learned_.end()) return recorded;
  const auto v = k->second.find(recorded);
  return v == k->second.end() ? recorded : v->second;
}

std::string AnswerDiff::Mapped(const std::string& recorded) const {
  std::string out;
  for (size_t i = 0; i < recorded.size();) {
    bool replaced = false;
    for (const auto& [from, to] : substrings_) {
      if (recorded.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += recorded[i++];
  }
  return out.starts_with("/") ? RewritePath(out) : out;
}

std::string AnswerDiff::RewritePath(const std::string& path) const {
  auto parts = Split(path);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0 && (parts[i - 1] == "vm-hosts" || parts[i - 1] == "pods")) {
      parts[i] = MappedValue("vm-host", parts[i]);
    } else {
      parts[i] = MappedValue("system_id", parts[i]);
    }
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

core::FormData AnswerDiff::RewriteForm(core::FormData form) const {
  for (auto& [k, v] : form) {
    const std::string as_id = MappedValue("system_id", v);
    v = as_id != v ? as_id : MappedValue("hostname", v);
  }
  return form;
}

std::vector<FieldDifference> AnswerDiff::Json(const nlohmann::json& recorded,
                                              const nlohmann::json& replayed) {
  std::vector<FieldDifference> out;
  Compare(recorded, replayed, "", "", out);
  return out;
}

std::vector<FieldDifference> AnswerDiff::Text(const std::string& recorded,
                                              const std::string& replayed) const {
  if (Mapped(recorded) == replayed) return {};
  return {{"", Shown(recorded), Shown(replayed)}};
}

void AnswerDiff::CompareIdentifier(const std::string& id_key, const nlohmann::json& recorded,
                                   const nlohmann::json& replayed, const std::string& pointer,
                                   std::vector<FieldDifference>& out) {
  const std::string r = Scalar(recorded);
  const std::string p = Scalar(replayed);
  if (r == p || MappedValue(id_key, r) == p) return;
  const bool known = learned_.contains(id_key) && learned_.at(id_key).contains(r);
  if (!known && !requested_.contains(r) && recorded.type() == replayed.type()) {
    Learn(id_key, r, p);
  } else {
    out.push_back({pointer, Shown(recorded), Shown(replayed)});
  }
}

void AnswerDiff::Compare(const nlohmann::json& recorded, const nlohmann::json& replayed,
                         const std::string& context, const std::string& pointer,
                         std::vector<FieldDifference>& out) {
  if (recorded.is_object() && replayed.is_object()) {
    // Identifiers first, so a resource_uri beside a system_id compares with the pair learned.
    for (const bool identifiers : {true, false}) {
      for (const auto& [key, value] : recorded.items()) {
        const bool identifier = !value.is_structured() && IsIdentifierKey(key);
        if (identifier != identifiers || ignored_.contains(key)) continue;
        const std::string at = pointer + "/" + EscapePointer(key);
        const auto other = replayed.find(key);
        if (other == replayed.end()) {
          out.push_back({at, Shown(value), "(absent)"});
        } else if (identifier) {
          CompareIdentifier(key == "id" && !context.empty() ? context + "/id" : key, value, *other,
                            at, out);
        } else {
          Compare(value, *other, key, at, out);
        }
      }
    }
    for (const auto& [key, value] : replayed.items()) {
      if (!ignored_.contains(key) && !recorded.contains(key)) {
        out.push_back({pointer + "/" + EscapePointer(key), "(absent)", Shown(value)});
      }
    }
    return;
  }
  if (recorded.is_array() && replayed.is_array()) {
    const size_t n = std::min(recorded.size(), replayed.size());
    for (size_t i = 0; i < n; ++i) {
      Compare(recorded[i], replayed[i], context, pointer + "/" + std::to_string(i), out);
    }
    if (recorded.size() != replayed.size()) {
      out.push_back(
          {pointer + "/length", std::to_string(recorded.size()), std::to_string(replayed.size())});
    }
    return;
  }
  if (recorded.is_string() && replayed.is_string()) {
    if (Mapped(recorded.get<std::string>()) != replayed.get<std::string>()) {
      out.push_back({pointer, Shown(recorded), Shown(replayed)});
    }
    return;
  }
  // Numbers compare by value (MAAS may print 2 where a fake prints 2.0).
  if (recorded.is_number() && replayed.is_number() &&
      recorded.get<double>() == replayed.get<double>())
    return;
  if (recorded != replayed) out.push_back({pointer, Shown(recorded), Shown(replayed)});
}

}  // namespace vmsim::sim
