// JSON codecs for the MAAS wire types, matching MAAS field for field: names, units, nested
// zone / pool objects, null host.system_id. A VM host or machine parses and re-serialises
// with nothing lost. Decoders return an error naming the field instead of throwing.
// Stateless; thread-safe.
#ifndef VMSIM_CORE_JSON_CODEC_H_
#define VMSIM_CORE_JSON_CODEC_H_

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/maas_api.h"
#include "core/status.h"
#include "core/types.h"

namespace vmsim::core {

void to_json(nlohmann::json& j, const ResourceInfo& r);
void from_json(const nlohmann::json& j, ResourceInfo& r);
void to_json(nlohmann::json& j, const NamedRef& r);
void from_json(const nlohmann::json& j, NamedRef& r);
void to_json(nlohmann::json& j, const StoragePool& p);
void from_json(const nlohmann::json& j, StoragePool& p);
void to_json(nlohmann::json& j, const VMHost& h);
void from_json(const nlohmann::json& j, VMHost& h);
void to_json(nlohmann::json& j, const Machine::PodRef& p);
void from_json(const nlohmann::json& j, Machine::PodRef& p);
void to_json(nlohmann::json& j, const Machine& m);
void from_json(const nlohmann::json& j, Machine& m);
void to_json(nlohmann::json& j, const ComposeResponse& r);
void from_json(const nlohmann::json& j, ComposeResponse& r);
void to_json(nlohmann::json& j, const VMHostParameters& p);
void from_json(const nlohmann::json& j, VMHostParameters& p);

// Decodes `j` as T; on a missing field or wrong type returns kInvalidRequest naming `what`
// and the reason.
template <typename T>
Result<T> DecodeJson(const nlohmann::json& j, std::string_view what) {
  try {
    return j.get<T>();
  } catch (const nlohmann::json::exception& e) {
    return Status(ErrorKind::kInvalidRequest,
                  "malformed " + std::string(what) + " JSON: " + e.what());
  }
}

}  // namespace vmsim::core

#endif  // VMSIM_CORE_JSON_CODEC_H_
