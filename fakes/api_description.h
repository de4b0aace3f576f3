// GET describe/: MAAS's API description (src/maasserver/api/doc_handler.py), generated from the
// routing table, so that it names exactly the handlers, URIs and actions served; and its hash,
// which MAAS sends on every response as X-MAAS-API-Hash and clients compare with the hash of the
// description they cached. Pure functions; thread-safe.
#ifndef VMSIM_FAKES_API_DESCRIPTION_H_
#define VMSIM_FAKES_API_DESCRIPTION_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fakes/api_routes.h"

namespace vmsim::fakes {

// {"doc", "hash", "handlers": [...], "resources": [{"name", "anon", "auth"}]}; each handler
// {"name", "doc", "params", "path", "uri", "actions": [{"name", "doc", "method", "op",
// "restful"}]}, with `uri` absolute under `base_url` ("http://host:port"); resources sorted by
// name. A handler whose every action is anonymous is an unauthenticated resource ("anon" only), the
// others authenticated ones ("auth" only); `handlers` lists the anon ones, then the auth ones.
nlohmann::json DescribeApi(const std::vector<ApiHandler>& handlers, const std::string& base_url);

// The SHA-1 (hex) of the description without its hash and URIs: the same for every base URL.
std::string ApiDescriptionHash(const std::vector<ApiHandler>& handlers);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_API_DESCRIPTION_H_
