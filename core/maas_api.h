// The wire-level seam: what MAAS API 2.0 itself offers for VM hosts and machines, with
// MAAS's own error answers (status code and body). fakes::FakeMaas implements it in-process
// and core::MaasHttpClient over HTTP, so every line of client logic above it (filtering,
// storage constraints, capability checks, error classification) is production code that
// runs unchanged against the fake. Implementations state their own thread safety.
#ifndef VMSIM_CORE_MAAS_API_H_
#define VMSIM_CORE_MAAS_API_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/types.h"

namespace vmsim::core {

// MAAS's answer when a call fails: what the HTTP response would carry.
struct MaasError {
  // Not HTTP statuses: the request never reached MAAS (refused, unreachable), or it was sent
  // and no answer came back (a timeout, a dropped connection): MAAS may have acted on it.
  static constexpr int kNoConnection = 0;
  static constexpr int kNoAnswer = -1;

  int http_status = 500;
  std::string body;  // text/plain message, or a JSON object of field errors
  bool body_is_json = false;
  std::optional<int> retry_after_seconds;  // Retry-After, when MAAS sends one
  bool operator==(const MaasError&) const = default;
};

// A value or MaasError.
template <typename T>
class [[nodiscard]] MaasResult {
 public:
  MaasResult(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  MaasResult(MaasError error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: ok() / !ok() respectively.
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const MaasError& error() const { return std::get<MaasError>(v_); }

 private:
  std::variant<T, MaasError> v_;
};

// HTTP 204: success with no body.
struct NoContent {};

// Form fields in the order they are sent; a name may repeat (MAAS multi-value fields).
using FormData = std::vector<std::pair<std::string, std::string>>;

// POST vm-hosts/{id}/op-compose answers exactly these two keys.
struct ComposeResponse {
  std::string system_id;
  std::string resource_uri;
};

// GET vm-hosts/{id}/op-parameters: the power parameters (for LXD the tracked project).
struct VMHostParameters {
  std::string power_address;
  std::string project;  // empty for virsh
};

// MAAS node statuses used by composed machines (maascommon NodeStatus).
enum class NodeStatus : int {
  kNew = 0,
  kCommissioning = 1,
  kFailedCommissioning = 2,
  kReady = 4,
  kDeployed = 6,
  kBroken = 8,
  kDeploying = 9,
  kAllocated = 10,
  kReleasing = 12,
  kTesting = 21,
};
std::string_view NodeStatusName(NodeStatus s);
// The status whose MAAS label (status_name) is `name`, e.g. "Broken"; nullopt for none.
std::optional<NodeStatus> NodeStatusFromName(std::string_view name);

// A machine's "pod": the VM host that composed it.
struct MachinePodRef {
  int64_t id = 0;
  std::string name;
  std::string resource_uri;
  bool operator==(const MachinePodRef&) const = default;
};

// A machine as GET machines/{system_id}/ returns it. The fields vm-host work reads are typed;
// every other field is kept in `extra`, so a machine parses and re-serialises losslessly.
struct Machine {
  std::string system_id;
  std::string hostname;
  std::string fqdn;  // hostname.domain
  NodeStatus status = NodeStatus::kNew;
  std::string power_state;  // "on", "off", "unknown"
  std::string power_type;
  int64_t cpu_count = 0;
  int64_t memory = 0;  // MiB
  std::string architecture;
  std::vector<std::string> tag_names;
  NamedRef zone;
  NamedRef pool;
  using PodRef = MachinePodRef;
  std::optional<PodRef> pod;  // the VM host that composed it
  std::optional<int64_t> virtualmachine_id;
  std::string resource_uri;
  nlohmann::json extra = nlohmann::json::object();
  bool operator==(const Machine&) const = default;
};

// GET machines/ filters (api/nodes.py read): each set field must match.
struct MachineQuery {
  std::optional<std::string> pod;  // VM host name
  std::optional<std::string> hostname;
  std::vector<std::string> ids;  // `id` repeated: only these system_ids (none: no filter)
};

class MaasApi {
 public:
  virtual ~MaasApi() = default;

  // GET vm-hosts/: every VM host the caller may see, ordered by id. MAAS applies no filters.
  virtual MaasResult<std::vector<VMHost>> ListVMHosts() = 0;
  // GET vm-hosts/{id}/. 404 "No Pod matches the given query." when unknown.
  virtual MaasResult<VMHost> GetVMHost(int64_t id) = 0;
  // GET vm-hosts/{id}/op-parameters.
  virtual MaasResult<VMHostParameters> GetVMHostParameters(int64_t id) = 0;
  // POST vm-hosts/{id}/op-compose with form fields. On success `used` already includes the
  // new machine. Errors are MAAS's (400 field errors, 503 over-commit, 500 storage, ...).
  virtual MaasResult<ComposeResponse> ComposeMachine(int64_t vm_host_id, const FormData& form) = 0;
  // GET machines/{system_id}/. 404 "No Machine matches the given query." when unknown.
  virtual MaasResult<Machine> GetMachine(std::string_view system_id) = 0;
  // GET machines/ with filters.
  virtual MaasResult<std::vector<Machine>> ListMachines(const MachineQuery& query) = 0;
  // DELETE machines/{system_id}/: 204 at once; the machine and its VM's resources go away
  // asynchronously (the decompose callback).
  virtual MaasResult<NoContent> DeleteMachine(std::string_view system_id) = 0;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_MAAS_API_H_
