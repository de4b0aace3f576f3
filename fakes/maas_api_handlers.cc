#include "fakes/maas_api_handlers.h"

#include <charconv>

#include "core/json_codec.h"
#include "fakes/api_replies.h"
#include "fakes/fake_maas.h"
#include "fakes/form_body.h"
#include "fakes/machine_json.h"

namespace vmsim::fakes {
namespace {

using nlohmann::json;

constexpr const char* kRoot = "/MAAS/api/2.0/";
constexpr const char* kMaasVersion = "3.7.0";

// MAAS's API_CAPABILITIES_LIST (src/maasserver/api/version.py).
const std::vector<std::string>& Capabilities() {
  static const std::vector<std::string> kList = {
      "networks-management",       "static-ipaddresses",        "ipv6-deployment-ubuntu",
      "devices-management",        "storage-deployment-ubuntu", "network-deployment-ubuntu",
      "bridging-interface-ubuntu", "bridging-automatic-ubuntu", "authenticate-api"};
  return kList;
}

std::optional<int64_t> ParseId(const std::string& s) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

HttpResponse NotFound(const std::string& model) {
  return TextReply(404, "No " + model + " matches the given query.");
}

json DomainJson() {
  return {{"authoritative", true},
          {"ttl", nullptr},
          {"resource_record_count", 0},
          {"name", "maas"},
          {"id", 0},
          {"is_default", true},
          {"resource_uri", std::string(kRoot) + "domains/0/"}};
}

// The VM host as the handler reached shows it: resource_uri in the spelling of the request.
json HostJson(const core::VMHost& h, const std::string& spelling) {
  json j = h;
  j["resource_uri"] = std::string(kRoot) + spelling + "/" + std::to_string(h.id) + "/";
  return j;
}

class Handlers {
 public:
  explicit Handlers(MaasApiBackend b) : b_(b) {}

  std::vector<ApiHandler> Table() {
    std::vector<ApiHandler> t;
    for (const std::string spelling : {"vm-hosts", "pods"}) {
      const std::string many = spelling == "pods" ? "PodsHandler" : "VmHostsHandler";
      const std::string one = spelling == "pods" ? "PodHandler" : "VmHostHandler";
      std::vector<ApiAction> many_actions = {
          {"GET", "", Access::kUser, "List VM hosts.",
           [this, spelling](ApiCall&) { return ListHosts(spelling); }}};
      if (b_.maas != nullptr) {
        many_actions.push_back(
            {"POST", "", Access::kAdmin,
             Doc("Create a VM host.",
                 {"type", "power_address", "name", "zone", "pool", "tags", "project"}),
             [this, spelling](ApiCall& c) {
               return HostReply(b_.maas->CreateVMHostFromForm(WithoutOp(c.form)), spelling);
             }});
      }
      t.push_back({many, kRoot + spelling + "/", "Manage a collection of VM hosts.", many_actions});
      t.push_back(
          {one,
           kRoot + spelling + "/{id}/",
           "Manage an individual VM host.",
           {{"GET", "", Access::kUser, "Read a VM host.",
             [this, spelling](ApiCall& c) { return ReadHost(c, spelling); }},
            {"GET", "parameters", Access::kAdmin, "Obtain VM host parameters.",
             [this](ApiCall& c) { return HostParameters(c); }},
            {"POST", "compose", Access::kAdmin,
             Doc("Compose a machine on the VM host.",
                 {"cores", "memory", "cpu_speed", "architecture", "storage", "interfaces",
                  "hostname", "domain", "zone", "pool", "pinned_cores", "hugepages_backed"}),
             [this](ApiCall& c) { return Compose(c); }}}});
      if (b_.maas != nullptr) AddHostLifecycle(t.back(), spelling);
    }
    t.push_back({"MachinesHandler",
                 std::string(kRoot) + "machines/",
                 "Manage the collection of all machines.",
                 {{"GET", "", Access::kUser, Doc("List machines.", {"hostname", "id", "pod"}),
                   [this](ApiCall& c) { return ListMachines(c); }}}});
    t.push_back({"MachineHandler",
                 std::string(kRoot) + "machines/{system_id}/",
                 "Manage an individual machine.",
                 {{"GET", "", Access::kUser, "Read a machine.",
                   [this](ApiCall& c) { return ReadMachine(c); }},
                  // Not an @admin_method: the admin check follows the lookup (DeleteMachine).
                  {"DELETE", "", Access::kUser, "Delete a machine.",
                   [this](ApiCall& c) { return DeleteMachine(c); }}}});
    if (b_.maas != nullptr) AddMachineLifecycle(t);
    t.push_back({"VersionHandler",
                 std::string(kRoot) + "version/",
                 "Information about this MAAS instance.",
                 {{"GET", "", Access::kAnonymous, "MAAS version information.",
                   [](ApiCall&) { return JsonReply(Version()); }}}});
    t.push_back({"UsersHandler",
                 std::string(kRoot) + "users/",
                 "Manage the user accounts of this MAAS.",
                 {{"GET", "", Access::kUser, "List users.", [](ApiCall& c) { return Users(c); }},
                  {"GET", "whoami", Access::kUser, "Retrieve logged-in user.",
                   [](ApiCall& c) { return JsonReply(User(c.username, c.admin)); }}}});
    if (b_.maas != nullptr) {
      AddFleetReads(t);
      AddTags(t);
    }
    return t;
  }

 private:
  static json Version() {
    return {{"capabilities", Capabilities()}, {"version", kMaasVersion}, {"subversion", ""}};
  }
  static json User(const std::string& name, bool admin) {
    return {{"username", name},
            {"email", name + "@example.com"},
            {"is_local", true},
            {"is_superuser", admin},
            {"resource_uri", std::string(kRoot) + "users/" + name + "/"}};
  }
  static HttpResponse Users(const ApiCall& c) {
    json users = json::array({User("admin", true)});
    if (!c.admin) users = json::array({User(c.username, false)});
    return JsonReply(users);
  }

  void AddFleetReads(std::vector<ApiHandler>& t) {
    t.push_back({"ZonesHandler",
                 std::string(kRoot) + "zones/",
                 "Manage physical zones.",
                 {{"GET", "", Access::kUser, "List zones.",
                   [this](ApiCall&) { return JsonReply(json(b_.maas->Zones())); }}}});
    t.push_back({"ZoneHandler",
                 std::string(kRoot) + "zones/{name}/",
                 "Manage a physical zone.",
                 {{"GET", "", Access::kUser, "Read a zone.", [this](ApiCall& c) {
                     for (const auto& z : b_.maas->Zones()) {
                       if (z.name == c.path_params["name"]) return JsonReply(json(z));
                     }
                     return NotFound("Zone");
                   }}}});
    t.push_back({"ResourcePoolsHandler",
                 std::string(kRoot) + "resourcepools/",
                 "Manage resource pools.",
                 {{"GET", "", Access::kUser, "List resource pools.",
                   [this](ApiCall&) { return JsonReply(json(b_.maas->Pools())); }}}});
    t.push_back({"ResourcePoolHandler",
                 std::string(kRoot) + "resourcepool/{id}/",
                 "Manage a resource pool.",
                 {{"GET", "", Access::kUser, "Read a resource pool.", [this](ApiCall& c) {
                     // get_resource_pool_or_404: an id, a name, or "id:N" / "name:X".
                     std::string key = c.path_params["id"];
                     const bool by_name = key.starts_with("name:");
                     if (by_name || key.starts_with("id:")) key = key.substr(key.find(':') + 1);
                     const auto id = by_name ? std::nullopt : ParseId(key);
                     for (const auto& p : b_.maas->Pools()) {
                       if (id ? p.id == *id : p.name == key) return JsonReply(json(p));
                     }
                     return NotFound("ResourcePool");
                   }}}});
    t.push_back({"DomainsHandler",
                 std::string(kRoot) + "domains/",
                 "Manage domains.",
                 {{"GET", "", Access::kUser, "List all domains.",
                   [](ApiCall&) { return JsonReply(json::array({DomainJson()})); }}}});
    t.push_back({"DomainHandler",
                 std::string(kRoot) + "domains/{id}/",
                 "Manage domain.",
                 {{"GET", "", Access::kUser, "Read domain.", [](ApiCall& c) {
                     if (c.path_params["id"] != "0" && c.path_params["id"] != "maas")
                       return NotFound("Domain");
                     return JsonReply(DomainJson());
                   }}}});
  }

  // An action's doc as MAAS's annotated docstrings render it: maascli takes key=value
  // arguments only for actions whose doc has ":param".
  static std::string Doc(const std::string& title, const std::vector<std::string>& params) {
    std::string d = title + "\n\n";
    for (const auto& p : params) d += ":param " + p + ": Optional.\n:type " + p + ": String\n\n ";
    return d;
  }

  static core::FormData WithoutOp(const core::FormData& form) {
    core::FormData out;
    for (const auto& [k, v] : form) {
      if (k != "op") out.emplace_back(k, v);
    }
    return out;
  }

  static HttpResponse HostReply(const core::MaasResult<core::VMHost>& r,
                                const std::string& spelling) {
    if (!r.ok()) return ErrorReply(r.error());
    return JsonReply(HostJson(r.value(), spelling));
  }

  // The VM host's lifecycle over the API (terraform's maas_vm_host): update, delete, refresh, tags.
  void AddHostLifecycle(ApiHandler& h, const std::string& spelling) {
    const auto id_of = [](ApiCall& c) { return ParseId(c.path_params["id"]); };
    h.actions.push_back({"PUT", "", Access::kAdmin,
                         Doc("Update a VM host.",
                             {"name", "zone", "pool", "tags", "cpu_over_commit_ratio",
                              "memory_over_commit_ratio", "default_storage_pool", "power_address"}),
                         [this, spelling, id_of](ApiCall& c) {
                           const auto id = id_of(c);
                           if (!id) return NotFound("Pod");
                           return HostReply(b_.maas->UpdateVMHostFromForm(*id, WithoutOp(c.form)),
                                            spelling);
                         }});
    h.actions.push_back({"DELETE", "", Access::kAdmin, Doc("Delete a VM host.", {"decompose"}),
                         [this, id_of](ApiCall& c) {
                           const auto id = id_of(c);
                           if (!id) return NotFound("Pod");
                           // DeletePodForm(data=request.GET): decompose comes from the query
                           // string.
                           const std::string d = FirstValue(c.query, "decompose").value_or("");
                           auto r = b_.maas->DeleteVMHost(
                               *id, d == "true" || d == "1" || d == "True" || d == "on");
                           return r.ok() ? NoContentReply() : ErrorReply(r.error());
                         }});
    h.actions.push_back({"POST", "refresh", Access::kAdmin, "Refresh a VM host.",
                         [this, spelling, id_of](ApiCall& c) {
                           const auto id = id_of(c);
                           if (!id) return NotFound("Pod");
                           return HostReply(b_.maas->RefreshVMHost(*id), spelling);
                         }});
    for (const bool add : {true, false}) {
      h.actions.push_back(
          {"POST", add ? "add_tag" : "remove_tag", Access::kAdmin,
           Doc(add ? "Add a tag to a VM host." : "Remove a tag from a VM host.", {"tag"}),
           [this, spelling, id_of, add](ApiCall& c) {
             const std::string tag = c.Param("tag").value_or("");
             if (tag.empty()) return TextReply(400, "No provided tag!");
             if (add && tag.find(',') != std::string::npos)
               return TextReply(400, "Tag may not contain a \",\".");
             const auto id = id_of(c);
             if (!id) return NotFound("Pod");
             core::Status s = add ? b_.maas->AddTag(*id, tag) : b_.maas->RemoveTag(*id, tag);
             if (!s.ok())
               return s.kind() == core::ErrorKind::kNotFound ? NotFound("Pod")
                                                             : TextReply(400, s.message());
             return HostReply(b_.maas->GetVMHost(*id), spelling);
           }});
    }
  }

  // What a Cluster API provider drives on machines: allocate, deploy, release, power, update.
  void AddMachineLifecycle(std::vector<ApiHandler>& t) {
    ApiHandler& many = t[t.size() - 2];
    ApiHandler& one = t.back();
    many.actions.push_back({"POST", "allocate", Access::kUser,
                            Doc("Allocate a machine.",
                                {"name", "system_id", "arch", "cpu_count", "mem", "tags", "zone",
                                 "pool", "pod", "not_pod", "pod_type", "storage", "dry_run"}),
                            [this](ApiCall& c) {
                              auto r = b_.maas->AllocateMachine(WithoutOp(c.form), c.username);
                              if (!r.ok()) return ErrorReply(r.error());
                              json j = Wire(r.value());
                              j["constraints_by_type"] = json::object();
                              return JsonReply(j);
                            }});
    const auto owned = [this](ApiCall& c, auto&& act) -> HttpResponse {
      const std::string& sid = c.path_params["system_id"];
      if (!b_.maas->MachineVisibleTo(sid, c.username, c.admin)) return Forbidden();
      return MachineReply(act(sid));
    };
    one.actions.push_back(
        {"PUT", "", Access::kUser,
         Doc("Update a machine.", {"hostname", "description", "domain", "zone", "pool", "cpu_count",
                                   "memory", "architecture", "min_hwe_kernel"}),
         [this](ApiCall& c) {
           const std::string& sid = c.path_params["system_id"];
           // get_node_or_404(perm=NodePermission.admin): 404 first, then a bare 403.
           if (auto r = b_.maas->GetMachine(sid); !r.ok()) return ErrorReply(r.error());
           if (!c.admin) return Forbidden();
           return MachineReply(b_.maas->UpdateMachine(sid, WithoutOp(c.form)));
         }});
    one.actions.push_back({"POST", "deploy", Access::kUser,
                           Doc("Deploy a machine.", {"distro_series", "user_data", "hwe_kernel",
                                                     "agent_name", "comment"}),
                           [this, owned](ApiCall& c) {
                             return owned(c, [&](const std::string& sid) {
                               return b_.maas->DeployMachine(sid, WithoutOp(c.form), c.username);
                             });
                           }});
    one.actions.push_back(
        {"POST", "release", Access::kUser, Doc("Release a machine.", {"comment", "erase", "force"}),
         [this, owned](ApiCall& c) {
           return owned(
               c, [&](const std::string& sid) { return b_.maas->ReleaseMachine(sid, c.username); });
         }});
    for (const bool on : {true, false}) {
      one.actions.push_back({"POST", on ? "power_on" : "power_off", Access::kUser,
                             Doc(on ? "Turn on a node." : "Power off a node.",
                                 {on ? "user_data" : "stop_mode", "comment"}),
                             [this, owned, on](ApiCall& c) {
                               return owned(c, [&](const std::string& sid) {
                                 return b_.maas->PowerMachine(sid, on, c.username);
                               });
                             }});
    }
  }

  static json TagJson(const FakeTag& t) {
    return {{"name", t.name},
            {"definition", t.definition},
            {"comment", t.comment},
            {"kernel_opts", t.kernel_opts},
            {"resource_uri", std::string(kRoot) + "tags/" + t.name + "/"}};
  }

  void AddTags(std::vector<ApiHandler>& t) {
    t.push_back({"TagsHandler",
                 std::string(kRoot) + "tags/",
                 "Manage all tags known to MAAS.",
                 {{"GET", "", Access::kUser, "List tags.",
                   [this](ApiCall&) {
                     json out = json::array();
                     for (const auto& tag : b_.maas->Tags()) out.push_back(TagJson(tag));
                     return JsonReply(out);
                   }},
                  {"POST", "", Access::kAdmin,
                   Doc("Create a new tag.", {"name", "comment", "definition", "kernel_opts"}),
                   [this](ApiCall& c) {
                     auto r = b_.maas->CreateTag(WithoutOp(c.form));
                     return r.ok() ? JsonReply(TagJson(r.value())) : ErrorReply(r.error());
                   }}}});
    t.push_back(
        {"TagHandler",
         std::string(kRoot) + "tags/{name}/",
         "Tags are properties that can be associated with a Node.",
         {{"GET", "", Access::kUser, "Read a specific tag.",
           [this](ApiCall& c) {
             auto r = b_.maas->GetTag(c.path_params["name"]);
             return r.ok() ? JsonReply(TagJson(r.value())) : ErrorReply(r.error());
           }},
          {"GET", "machines", Access::kUser, "List machines with this tag.",
           [this](ApiCall& c) {
             auto r = b_.maas->TagMachines(c.path_params["name"]);
             if (!r.ok()) return ErrorReply(r.error());
             json out = json::array();
             for (const auto& m : r.value()) out.push_back(Wire(m));
             return JsonReply(out);
           }},
          {"POST", "update_nodes", Access::kAdmin,
           Doc("Add or remove nodes for this tag.", {"add", "remove", "definition"}),
           [this](ApiCall& c) {
             const std::string name = c.path_params["name"];
             auto tag = b_.maas->GetTag(name);
             if (!tag.ok()) return ErrorReply(tag.error());
             if (auto d = FirstValue(c.form, "definition"); d && *d != tag.value().definition) {
               return TextReply(409, "Definition supplied '" + *d +
                                         "' doesn't match current definition '" +
                                         tag.value().definition + "'");
             }
             auto r = b_.maas->UpdateTagNodes(name, c.Params("add"), c.Params("remove"));
             if (!r.ok()) return ErrorReply(r.error());
             return JsonReply(json{{"added", r.value().first}, {"removed", r.value().second}});
           }}}});
  }

  json Wire(const core::Machine& m) {
    return MachineWireJson(
        m, b_.maas != nullptr ? b_.maas->MachineDetails(m.system_id) : std::nullopt);
  }

  HttpResponse MachineReply(const core::MaasResult<core::Machine>& r) {
    if (!r.ok()) return ErrorReply(r.error());
    return JsonReply(Wire(r.value()));
  }

  HttpResponse ListHosts(const std::string& spelling) {
    auto r = b_.api.ListVMHosts();  // MAAS ignores filter parameters here
    if (!r.ok()) return ErrorReply(r.error());
    json out = json::array();
    for (const auto& h : r.value()) out.push_back(HostJson(h, spelling));
    return JsonReply(out);
  }

  HttpResponse ReadHost(ApiCall& c, const std::string& spelling) {
    const auto id = ParseId(c.path_params["id"]);
    if (!id) return NotFound("Pod");
    auto r = b_.api.GetVMHost(*id);
    if (!r.ok()) return ErrorReply(r.error());
    return JsonReply(HostJson(r.value(), spelling));
  }

  HttpResponse HostParameters(ApiCall& c) {
    const auto id = ParseId(c.path_params["id"]);
    if (!id) return NotFound("Pod");
    if (b_.maas == nullptr) return Reply(b_.api.GetVMHostParameters(*id));
    auto params = b_.maas->PowerParameters(*id);
    if (!params.ok()) return ErrorReply(params.error());
    return JsonReply(json(params.value()));
  }

  HttpResponse Compose(ApiCall& c) {
    const auto id = ParseId(c.path_params["id"]);
    if (!id) return NotFound("Pod");
    core::FormData form;
    for (const auto& [k, v] : c.form) {
      if (k != "op") form.emplace_back(k, v);
    }
    return Reply(b_.api.ComposeMachine(*id, form));
  }

  HttpResponse ListMachines(ApiCall& c) {
    core::MachineQuery q;
    q.pod = c.Param("pod");
    q.hostname = c.Param("hostname");
    q.ids = c.Params("id");
    auto r = b_.api.ListMachines(q);
    if (!r.ok()) return ErrorReply(r.error());
    json out = json::array();
    for (const auto& m : r.value()) {  // other users' machines are hidden from non-admins
      if (b_.maas == nullptr || b_.maas->MachineVisibleTo(m.system_id, c.username, c.admin))
        out.push_back(Wire(m));
    }
    return JsonReply(out);
  }

  HttpResponse ReadMachine(ApiCall& c) {
    const std::string& sid = c.path_params["system_id"];
    auto r = b_.api.GetMachine(sid);
    if (!r.ok()) return ErrorReply(r.error());
    if (b_.maas != nullptr && !b_.maas->MachineVisibleTo(sid, c.username, c.admin))
      return Forbidden();
    return JsonReply(Wire(r.value()));
  }

  HttpResponse DeleteMachine(ApiCall& c) {
    const std::string& sid = c.path_params["system_id"];
    // get_node_or_404(perm=NodePermission.admin): the lookup first (404, a non-admin too),
    // then the permission (a bare PermissionDenied: 403, empty body).
    if (b_.maas != nullptr) {
      if (auto r = b_.maas->GetMachine(sid); !r.ok()) return ErrorReply(r.error());
    }
    if (!c.admin) return Forbidden();
    if (b_.maas != nullptr && b_.maas->IsHostMachine(sid)) {
      // MAAS reads `force` from the query string, even on DELETE.
      const std::string force = FirstValue(c.query, "force").value_or("");
      auto r = b_.maas->DeleteHostMachine(sid, force == "true" || force == "1" || force == "True");
      if (!r.ok()) return ErrorReply(r.error());
      return NoContentReply();
    }
    auto r = b_.api.DeleteMachine(sid);
    if (!r.ok()) return ErrorReply(r.error());
    return NoContentReply();
  }

  MaasApiBackend b_;
};

}  // namespace

std::vector<ApiHandler> MaasApiHandlers(MaasApiBackend backend) {
  auto handlers = std::make_shared<Handlers>(backend);
  std::vector<ApiHandler> table = handlers->Table();
  // The lambdas borrow `handlers`: keep it alive as long as the table, through every action.
  for (auto& h : table) {
    for (auto& a : h.actions)
      a.run = [handlers, run = std::move(a.run)](ApiCall& c) { return run(c); };
  }
  return table;
}

}  // namespace vmsim::fakes
