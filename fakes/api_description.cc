#include "fakes/api_description.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

namespace vmsim::fakes {
namespace {

using nlohmann::json;

std::string RestfulName(const std::string& method) {
  if (method == "GET") return "read";
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  return "delete";
}

// describe_handler: the handler without its absolute URI.
json DescribeHandler(const ApiHandler& h) {
  json actions = json::array();
  for (const ApiAction& a : h.actions) {
    actions.push_back({{"name", a.op.empty() ? RestfulName(a.method) : a.op},
                       {"doc", a.doc},
                       {"method", a.method},
                       {"op", a.op.empty() ? json(nullptr) : json(a.op)},
                       {"restful", a.op.empty()}});
  }
  return {{"name", h.name},
          {"doc", h.doc},
          {"params", RouteParams(h.path)},
          {"path", h.path},
          {"actions", actions}};
}

bool AnyAction(const ApiHandler& h, bool anonymous) {
  for (const ApiAction& a : h.actions) {
    if ((a.access == Access::kAnonymous) == anonymous) return true;
  }
  return false;
}

json Description(const std::vector<ApiHandler>& handlers, const std::string* base_url) {
  const auto with_uri = [&](json d) {
    if (base_url != nullptr) d["uri"] = *base_url + d["path"].get<std::string>();
    return d;
  };
  // A handler with only anonymous actions is an unauthenticated resource (VersionHandler):
  // "anon" only. The others are authenticated: "auth" only.
  std::vector<const ApiHandler*> sorted;
  for (const ApiHandler& h : handlers) sorted.push_back(&h);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->name < b->name; });
  json anon_handlers = json::array();
  json auth_handlers = json::array();
  json resources = json::array();
  for (const ApiHandler* h : sorted) {
    const json d = with_uri(DescribeHandler(*h));
    const bool anon = !AnyAction(*h, false);
    (anon ? anon_handlers : auth_handlers).push_back(d);
    resources.push_back({{"name", h->name},
                         {"anon", anon ? d : json(nullptr)},
                         {"auth", anon ? json(nullptr) : d}});
  }
  for (auto& d : auth_handlers) anon_handlers.push_back(std::move(d));
  return {{"doc", "MAAS API"}, {"handlers", anon_handlers}, {"resources", resources}};
}

}  // namespace

nlohmann::json DescribeApi(const std::vector<ApiHandler>& handlers, const std::string& base_url) {
  json d = Description(handlers, &base_url);
  d["hash"] = ApiDescriptionHash(handlers);
  return d;
}

std::string ApiDescriptionHash(const std::vector<ApiHandler>& handlers) {
  const std::string text = Description(handlers, nullptr).dump();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, EVP_sha1(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace vmsim::fakes
