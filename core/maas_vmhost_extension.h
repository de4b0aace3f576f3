// The VMHostExtension that real integrations use: the seed's operations over MAAS API 2.0,
// made correct for real MAAS (reference section 8): filters applied here, disks sent as
// MAAS's storage constraint, LXD project and profile checked against what MAAS will do,
// decompose as machine delete. Borrows the MaasApi; thread-compatible.
#ifndef VMSIM_CORE_MAAS_VMHOST_EXTENSION_H_
#define VMSIM_CORE_MAAS_VMHOST_EXTENSION_H_

#include "core/maas_api.h"
#include "core/vmhost_extension.h"

namespace vmsim::core {

// The LXD profiles every MAAS compose applies: LXD's "default", and "maas" when it exists.
inline constexpr std::string_view kMaasLxdProfiles[] = {"default", "maas"};

class MaasVMHostExtension final : public VMHostExtension {
 public:
  // `api` must outlive this object.
  explicit MaasVMHostExtension(MaasApi& api) : api_(api) {}
  MaasVMHostExtension(const MaasVMHostExtension&) = delete;
  MaasVMHostExtension& operator=(const MaasVMHostExtension&) = delete;

  Result<std::vector<VMHost>> QueryVMHosts(const VMHostQueryParams& params) override;
  Result<ComposedVM> ComposeVM(const ComposeVMParams& params) override;
  Status DecomposeVM(std::string_view vm_host_id, std::string_view system_id) override;
  Result<VMHostResources> GetVMHostResources(std::string_view vm_host_id) override;
  Result<std::optional<ComposedVM>> FindVMByHostname(std::string_view hostname) override;
  Result<UnhealthyHosts> CheckHostHealth(const std::vector<VMHost>& hosts) override;

 private:
  Result<VMHost> FetchHost(std::string_view vm_host_id);
  // kProjectNotFound / kProfileNotFound when MAAS would not compose what was asked.
  Status CheckLxdCompatibility(const VMHost& host, const ComposeVMParams& params);

  MaasApi& api_;
};

// The compose form fields MAAS receives for `params` on `host` (zone defaults to the host's).
Result<FormData> ToComposeForm(const ComposeVMParams& params, const VMHost& host);

// Parses a decimal VM host id ("3"); kNotFound for anything else.
Result<int64_t> ParseVMHostId(std::string_view vm_host_id);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_MAAS_VMHOST_EXTENSION_H_
