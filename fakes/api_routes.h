// The MAAS API 2.0 routing table as data: each handler (MAAS's piston handler name, its URI
// template, its actions: method + op, who may call it, a doc line) with the function that
// answers it. The server dispatches through it and `describe/` is generated from it, so the
// description always says exactly what is served. Plain data and pure functions; thread-safe.
#ifndef VMSIM_FAKES_API_ROUTES_H_
#define VMSIM_FAKES_API_ROUTES_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/maas_api.h"
#include "fakes/http_transport.h"

namespace vmsim::fakes {

// Who may call an action: anyone (no OAuth), any user, or admins only (MAAS's
// @admin_method; a non-admin gets 403 "This method is reserved for admin users.").
enum class Access { kAnonymous, kUser, kAdmin };

// One authenticated (or anonymous) request, parsed, as a handler sees it.
struct ApiCall {
  const HttpRequest& request;
  std::map<std::string, std::string> path_params;  // the template's {name}s, decoded
  core::FormData query;                            // request.GET
  core::FormData form;                             // request.POST / request.data
  std::string username;                            // empty when anonymous
  bool admin = false;
  std::string base_url;  // "http://host:port", as the client addressed the server

  // request.GET[name], then request.data[name] (MAAS's get_optional_param reads data).
  std::optional<std::string> Param(std::string_view name) const;
  // All values of `name` in the query, then in the form.
  std::vector<std::string> Params(std::string_view name) const;
};

using ApiHandlerFn = std::function<HttpResponse(ApiCall&)>;

struct ApiAction {
  std::string method;  // GET, POST, PUT, DELETE
  std::string op;      // empty: the RESTful method itself
  Access access = Access::kUser;
  std::string doc;
  ApiHandlerFn run;
};

struct ApiHandler {
  std::string name;  // MAAS's handler class name, e.g. "VmHostHandler"
  std::string path;  // URI template under the site root, e.g. "/MAAS/api/2.0/vm-hosts/{id}/"
  std::string doc;
  std::vector<ApiAction> actions;
};

// Matches a request path against a handler's template: `{x}` takes one non-empty segment.
// Also matches MAAS's `.../op-<name>` spelling (the template without its final slash, then
// "/op-<name>"), setting *suffix_op. Returns the decoded parameters, or nullopt.
std::optional<std::map<std::string, std::string>> MatchRoute(const std::string& path_template,
                                                             std::string_view path,
                                                             std::string* suffix_op);

// The template's parameter names in order: "/a/{id}/b/{x}/" -> {"id", "x"}.
std::vector<std::string> RouteParams(const std::string& path_template);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_API_ROUTES_H_
