// The seed's ClientExtensions (pkg/maas/client/integration.go): the entry point that turns a
// MAAS client into the VM-host extensions. Borrows the MaasApi; thread-compatible.
#ifndef VMSIM_CORE_CLIENT_EXTENSIONS_H_
#define VMSIM_CORE_CLIENT_EXTENSIONS_H_

#include "core/maas_api.h"
#include "core/maas_vmhost_extension.h"

namespace vmsim::core {

class ClientExtensions {
 public:
  // `api` must outlive this object.
  explicit ClientExtensions(MaasApi& api) : vm_hosts_(api) {}
  VMHostExtension& VMHosts() { return vm_hosts_; }

 private:
  MaasVMHostExtension vm_hosts_;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_CLIENT_EXTENSIONS_H_
