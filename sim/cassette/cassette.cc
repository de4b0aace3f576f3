#include "sim/cassette/cassette.h"

#include <algorithm>
#include <cctype>

#include "core/json_text.h"
#include "sim/scenario/json_reader.h"

namespace vmsim::sim {
namespace {

nlohmann::json FormToJson(const core::FormData& form) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [k, v] : form) pairs.push_back({k, v});
  return pairs;
}

nlohmann::json RequestToJson(const RecordedRequest& r) {
  nlohmann::json j = {{"method", r.method}, {"path", r.path}, {"query", r.query}};
  if (!r.host.empty()) j["host"] = r.host;
  if (!r.auth.empty()) j["auth"] = r.auth;
  if (!r.content_type.empty()) j["content_type"] = r.content_type;
  if (r.form) {
    j["form"] = FormToJson(*r.form);
  } else if (!r.body.empty()) {
    j["body"] = r.body;
  }
  return j;
}

nlohmann::json ResponseToJson(const RecordedResponse& r) {
  nlohmann::json j = {{"status", r.status}, {"content_type", r.content_type}};
  if (r.json) {
    j["json"] = *r.json;
  } else {
    j["text"] = r.text;
  }
  return j;
}

class CassetteReader {
 public:
  explicit CassetteReader(const std::string& file) : r_(file) {}

  core::Result<Cassette> Read(const nlohmann::json& root) {
    const auto top = r_.Root(root);
    Cassette c;
    if (!r_.Object(top, {"format", "vmsim_version", "upstream", "snapshot_user", "initial",
                         "exchanges"})) {
      return Error();
    }
    if (const std::string format = r_.String(top, "format"); r_.ok() && format != kCassetteFormat) {
      r_.Fail("/format",
              "expected \"" + std::string(kCassetteFormat) + "\", got \"" + format + "\"");
    }
    c.vmsim_version = r_.String(top, "vmsim_version", "");
    c.upstream = r_.String(top, "upstream", "");
    c.snapshot_user = r_.String(top, "snapshot_user", "");
    if (!top.Has("initial")) r_.Fail("/initial", "required field is missing");
    if (!r_.ok()) return Error();
    const auto initial = top.At("initial");
    if (!r_.Object(initial, {"vm_hosts", "machines"})) return Error();
    c.initial_vm_hosts = ArrayAt(initial, "vm_hosts");
    c.initial_machines = ArrayAt(initial, "machines");
    if (!top.Has("exchanges")) return c;
    const auto exchanges = top.At("exchanges");
    const size_t n = r_.Array(exchanges);
    if (n > kMaxCassetteExchanges) {
      r_.Fail("/exchanges", "more than " + std::to_string(kMaxCassetteExchanges) + " exchanges");
    }
    for (size_t i = 0; r_.ok() && i < n; ++i) c.exchanges.push_back(ReadExchange(exchanges.At(i)));
    if (!r_.ok()) return Error();
    return c;
  }

 private:
  core::Status Error() const { return core::Status(core::ErrorKind::kInvalidRequest, r_.error()); }

  nlohmann::json ArrayAt(const JsonReader::Node& parent, std::string_view key) {
    if (!parent.Has(key)) return nlohmann::json::array();
    const auto node = parent.At(key);
    r_.Array(node);
    return r_.ok() ? *node.j : nlohmann::json::array();
  }

  Exchange ReadExchange(const JsonReader::Node& node) {
    Exchange e;
    if (!r_.Object(node, {"at_us", "request", "response", "before", "after"})) return e;
    e.at_us = r_.Int(node, "at_us", std::nullopt, 0);
    for (const char* key : {"request", "response"}) {
      if (!node.Has(key)) r_.Fail(node.pointer + "/" + key, "required field is missing");
    }
    if (!r_.ok()) return e;
    e.request = ReadRequest(node.At("request"));
    e.response = ReadResponse(node.At("response"));
    if (node.Has("before")) e.before = *node.At("before").j;
    if (node.Has("after")) e.after = *node.At("after").j;
    return e;
  }

  RecordedRequest ReadRequest(const JsonReader::Node& node) {
    RecordedRequest q;
    if (!r_.Object(node,
                   {"method", "path", "query", "host", "auth", "content_type", "form", "body"}))
      return q;
    q.method = r_.String(node, "method");
    q.path = r_.String(node, "path");
    q.query = r_.String(node, "query", "");
    q.host = r_.String(node, "host", "");
    q.auth = r_.String(node, "auth", "");
    q.content_type = r_.String(node, "content_type", "");
    q.body = r_.String(node, "body", "");
    if (r_.ok() && (q.path.empty() || q.path[0] != '/'))
      r_.Fail(node.pointer + "/path", "expected an absolute path");
    if (!node.Has("form")) return q;
    const auto form = node.At("form");
    const size_t n = r_.Array(form);
    q.form.emplace();
    for (size_t i = 0; r_.ok() && i < n; ++i) {
      const auto pair = form.At(i);
      if (!pair.j->is_array() || pair.j->size() != 2 || !(*pair.j)[0].is_string() ||
          !(*pair.j)[1].is_string()) {
        r_.Fail(pair.pointer, "expected a [name, value] pair of strings");
        break;
      }
      q.form->emplace_back((*pair.j)[0].get<std::string>(), (*pair.j)[1].get<std::string>());
    }
    return q;
  }

  RecordedResponse ReadResponse(const JsonReader::Node& node) {
    RecordedResponse a;
    if (!r_.Object(node, {"status", "content_type", "json", "text"})) return a;
    a.status = static_cast<int>(r_.Int(node, "status", std::nullopt, 100));
    if (r_.ok() && a.status > 599)
      r_.Fail(node.pointer + "/status", "expected an HTTP status, got " + std::to_string(a.status));
    a.content_type = r_.String(node, "content_type", "");
    a.text = r_.String(node, "text", "");
    if (node.Has("json")) a.json = *node.At("json").j;
    return a;
  }

  JsonReader r_;
};

}  // namespace

nlohmann::json ToJson(const Exchange& e) {
  nlohmann::json j = {{"at_us", e.at_us},
                      {"request", RequestToJson(e.request)},
                      {"response", ResponseToJson(e.response)}};
  if (!e.before.is_null()) j["before"] = e.before;
  if (!e.after.is_null()) j["after"] = e.after;
  return j;
}

nlohmann::json ToJson(const Cassette& c) {
  nlohmann::json exchanges = nlohmann::json::array();
  for (const auto& e : c.exchanges) exchanges.push_back(ToJson(e));
  return {{"format", kCassetteFormat},
          {"vmsim_version", c.vmsim_version},
          {"upstream", c.upstream},
          {"snapshot_user", c.snapshot_user},
          {"initial", {{"vm_hosts", c.initial_vm_hosts}, {"machines", c.initial_machines}}},
          {"exchanges", std::move(exchanges)}};
}

core::Result<Cassette> ParseCassette(std::string_view text, const std::string& file) {
  const auto root =
      core::ParseJsonText(text, file, {.max_bytes = kMaxCassetteBytes, .max_depth = 64});
  if (!root.ok()) return root.status();
  return CassetteReader(file).Read(*root);
}

bool IsSecretName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // power_pass, power_parameters_power_pass, password, the LXD client's private `key`, secrets.
  return lower.find("pass") != std::string::npos || lower.find("secret") != std::string::npos ||
         lower == "key" || lower.ends_with("_key") || lower == "token";
}

core::FormData RedactedForm(core::FormData form) {
  for (auto& [k, v] : form) {
    if (IsSecretName(k)) v = kRedacted;
  }
  return form;
}

nlohmann::json RedactedJson(nlohmann::json j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (IsSecretName(it.key()) && !it->is_structured()) {
        *it = kRedacted;
      } else {
        *it = RedactedJson(std::move(*it));
      }
    }
  } else if (j.is_array()) {
    for (auto& v : j) v = RedactedJson(std::move(v));
  }
  return j;
}

}  // namespace vmsim::sim
