// The MAAS API 2.0 handlers vmsim serves, as a routing table (fakes/api_routes.h) in MAAS's
// handler names, URIs, ops and permissions. Reads and writes of VM hosts and machines that the
// client seam covers go through `api` (so faults apply); the rest of MAAS goes to `maas`.
// Handlers run under the server's lock; they are not thread-safe on their own.
#ifndef VMSIM_FAKES_MAAS_API_HANDLERS_H_
#define VMSIM_FAKES_MAAS_API_HANDLERS_H_

#include <vector>

#include "core/maas_api.h"
#include "fakes/api_routes.h"

namespace vmsim::fakes {

class FakeMaas;

struct MaasApiBackend {
  core::MaasApi& api;
  FakeMaas* maas = nullptr;  // unset: only the seam's endpoints are served
};

// Borrows `backend`'s objects: they must outlive the table.
std::vector<ApiHandler> MaasApiHandlers(MaasApiBackend backend);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_MAAS_API_HANDLERS_H_
