// MAAS's own machine API tests, mirrored against the fake over its HTTP handler: canonical/maas
// 3.7.3 src/maasserver/api/tests/test_machine.py and test_machines.py (and the few tests of
// test_node.py and the models' tests that pin what those two leave to them). Each test names
// the MAAS tests it mirrors; the fake's VMs stand in for MAAS's factory nodes.
#include <algorithm>
#include <set>
#include <vector>

#include "tests/maas_parity.h"

namespace vmsim::parity {
namespace {

using nlohmann::json;

class MachineParityTest : public ParityTest {
 protected:
  // A VM composed on `pod`, Ready at once (skip_commissioning) and unowned; 1024 MiB unless
  // `form` says otherwise, so that a pod with hints holds eight.
  std::string Ready(int64_t pod, core::FormData form = {}) {
    form.emplace_back("skip_commissioning", "true");
    if (std::none_of(form.begin(), form.end(), [](const auto& f) { return f.first == "memory"; }))
      form.emplace_back("memory", "1024");
    const auto res = Compose(pod, form);
    EXPECT_EQ(res.status, 200) << res.body;
    return SystemId(res);
  }
  // A VM that takes all of a pod with hints: no dynamic compose can follow on it.
  std::string Filling(int64_t pod) { return Ready(pod, {{"cores", "12"}, {"memory", "8192"}}); }

  fakes::HttpResponse Op(const char* key, const std::string& sid, const std::string& op,
                         const core::FormData& form = {}) {
    return Send(key, "POST", "machines/" + sid + "/", "op=" + op, form);
  }
  fakes::HttpResponse Allocate(const char* key, const core::FormData& form = {}) {
    return Send(key, "POST", "machines/", "op=allocate", form);
  }
  // Creates the tags (POST tags/) and puts them on `sid` (op=update_nodes).
  void Tag(const std::string& sid, const std::vector<std::string>& tags) {
    for (const auto& t : tags) {
      Admin("POST", "tags/", "", {{"name", t}});
      const auto res = Admin("POST", "tags/" + t + "/", "op=update_nodes", {{"add", sid}});
      EXPECT_EQ(res.status, 200) << res.body;
    }
  }
  static std::vector<std::string> Ids(const fakes::HttpResponse& list) {
    std::vector<std::string> out;
    for (const auto& m : Body(list)) out.push_back(m["system_id"]);
    return out;
  }
  static std::set<std::string> TagNames(const json& machine) {
    return machine["tag_names"].get<std::set<std::string>>();
  }
  // A pod with hints but without a machine of its own (MAAS's make_Pod has none).
  static fakes::FakeHostSpec BarePod(std::string name = "pod-1") {
    auto spec = PodWithHints(std::move(name));
    spec.machine.reset();
    return spec;
  }
};

// --- GET machines/{id}/ ---

// MAAS: test_machine.py::TestMachineAPI::test_GET_refuses_to_access_nonexistent_machine
// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_404_if_machine_name_contains_invld_characters
TEST_F(MachineParityTest, GetOfAnUnknownMachineIs404WithMaasText) {
  AddPod(PodWithHints());
  for (const char* path : {"machines/invalid-uuid/", "machines/invalid-uuid-%23.../"}) {
    const auto res = User("GET", path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.body, "No Machine matches the given query.") << path;
  }
}

// MAAS: test_machine.py::TestMachineAPI::test_handler_path
// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_machine
// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_interface_set
TEST_F(MachineParityTest, GetShowsTheMachineWithItsFqdnAndInterfaceSet) {
  const std::string sid = Ready(AddPod(PodWithHints()), {{"hostname", "diane"}});
  const auto res = User("GET", "machines/" + sid + "/");
  ASSERT_EQ(res.status, 200) << res.body;
  const json m = Body(res);
  EXPECT_EQ(m["system_id"], sid);
  EXPECT_EQ(m["fqdn"], "diane.maas");
  EXPECT_EQ(m["resource_uri"], "/MAAS/api/2.0/machines/" + sid + "/");
  EXPECT_TRUE(m["interface_set"].is_array());
}

// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_associated_tag
TEST_F(MachineParityTest, GetShowsTheMachinesTags) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  Tag(sid, {"fast"});
  // A composed VM also carries its pod's tags (pod-console-logging), as in MAAS.
  EXPECT_TRUE(TagNames(Body(User("GET", "machines/" + sid + "/"))).contains("fast"));
}

// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_zone
// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_pool
TEST_F(MachineParityTest, GetShowsTheZoneAndExactlyThePoolsFields) {
  auto spec = PodWithHints();
  spec.resource_pool = "pool-x";
  const std::string sid = Ready(AddPod(spec));
  const json m = Body(User("GET", "machines/" + sid + "/"));
  EXPECT_EQ(m["zone"]["name"], "default");
  EXPECT_EQ(m["zone"]["description"], "");
  const int64_t pool = m["pool"]["id"];
  EXPECT_EQ(m["pool"],
            (json{{"id", pool},
                  {"name", "pool-x"},
                  {"description", ""},
                  {"resource_uri", "/MAAS/api/2.0/resourcepool/" + std::to_string(pool) + "/"}}));
}

// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_owner_name_when_allocated_to_self
// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_empty_owner_when_not_allocated
TEST_F(MachineParityTest, GetShowsTheOwnerOnceAllocatedAndNullBefore) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string free = Ready(pod);
  const std::string mine = Ready(pod);
  ASSERT_EQ(Allocate(kUserKey, {{"system_id", mine}}).status, 200);
  EXPECT_TRUE(Body(User("GET", "machines/" + free + "/"))["owner"].is_null());
  EXPECT_EQ(Body(User("GET", "machines/" + mine + "/"))["owner"], "user");
}

// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_virtualmachine
TEST_F(MachineParityTest, GetShowsTheVirtualMachineIdOfAComposedVm) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  EXPECT_TRUE(Body(User("GET", "machines/" + sid + "/"))["virtualmachine_id"].is_number_integer());
}

// MAAS: test_machine.py::TestMachineAPI::test_GET_permission_denied_when_allocated_to_other_user
TEST_F(MachineParityTest, GetOfAnotherUsersMachineIs403WithAnEmptyBody) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", sid}}).status, 200);
  const auto res = User("GET", "machines/" + sid + "/");
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.body, "");
}

// MAAS: test_machine.py::TestMachineAPI::test_GET_returns_status_name
TEST_F(MachineParityTest, StatusNameIsMaasLabelInEveryStateAComposedVmPassesThrough) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string sid = SystemId(Compose(pod, {{"memory", "1024"}}));
  const auto name = [&] { return Body(User("GET", "machines/" + sid + "/"))["status_name"]; };
  EXPECT_EQ(name(), "Commissioning");
  clock_.Advance(core::Duration::Minutes(3));
  EXPECT_EQ(name(), "Testing");
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(name(), "Ready");
  ASSERT_EQ(Allocate(kUserKey, {{"system_id", sid}}).status, 200);
  EXPECT_EQ(name(), "Allocated");
  ASSERT_EQ(Op(kUserKey, sid, "deploy").status, 200);
  EXPECT_EQ(name(), "Deploying");
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(name(), "Deployed");
  ASSERT_EQ(Op(kUserKey, sid, "release").status, 200);
  EXPECT_EQ(name(), "Releasing");
}

// --- GET machines/ ---

// MAAS: test_machine.py::TestMachinesAPILoggedIn::test_machines_GET_logged_in
// MAAS: test_machines.py::TestMachinesAPI::test_handler_path
TEST_F(MachineParityTest, UsersAndAdminsBothListAnUnownedMachine) {
  const std::string sid = Ready(AddPod(BarePod()));
  EXPECT_EQ(Ids(User("GET", "machines/")), std::vector<std::string>{sid});
  EXPECT_EQ(Ids(Admin("GET", "machines/")), std::vector<std::string>{sid});
}

// MAAS: test_machines.py::TestMachinesAPI::test_GET_lists_machines
TEST_F(MachineParityTest, AUserListsUnownedAndOwnMachinesButNotOthers) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string free = Ready(pod);
  const std::string mine = Ready(pod);
  const std::string theirs = Ready(pod);
  ASSERT_EQ(Allocate(kUserKey, {{"system_id", mine}}).status, 200);
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", theirs}}).status, 200);
  EXPECT_EQ(Ids(User("GET", "machines/")), (std::vector<std::string>{free, mine}))
      << "the admin's machines, the VM host's own included, are hidden";
}

// MAAS: test_machines.py::TestMachinesAPI::test_GET_includes_virtualmachine_id
// MAAS: test_machines.py::TestMachinesAPI::test_GET_returns_pod_for_machine_in_pod
// MAAS: test_machines.py::TestMachinesAPI::test_GET_doesnt_return_pod_for_machine_without_bmc
// MAAS: test_machines.py::TestMachinesAPI::test_GET_doesnt_return_pod_for_machine_without_pod
TEST_F(MachineParityTest, AComposedVmShowsItsPodAndVmIdAndTheHostsOwnMachineNeither) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string vm = Ready(pod);
  const std::string host = Pod(pod)["host"]["system_id"];
  const json list = Body(Admin("GET", "machines/"));
  ASSERT_EQ(list.size(), 2u);
  for (const auto& m : list) {
    if (m["system_id"] == vm) {
      EXPECT_EQ(m["pod"],
                (json{{"id", pod},
                      {"name", "pod-1"},
                      {"resource_uri", "/MAAS/api/2.0/pods/" + std::to_string(pod) + "/"}}));
      EXPECT_TRUE(m["virtualmachine_id"].is_number_integer());
    } else {
      EXPECT_EQ(m["system_id"], host);
      EXPECT_TRUE(m["pod"].is_null());
      EXPECT_TRUE(m["virtualmachine_id"].is_null());
    }
  }
}

// MAAS: test_machines.py::TestMachinesAPI::test_GET_without_machines_returns_empty_list
TEST_F(MachineParityTest, ListWithoutMachinesIsEmpty) {
  const auto res = User("GET", "machines/");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res), json::array());
}

// MAAS: test_machines.py::TestMachinesAPI::test_GET_orders_by_id
// MAAS: test_machines.py::TestMachinesAPI::test_GET_with_id_returns_matching_machines
// MAAS: test_machines.py::TestMachinesAPI::test_GET_with_nonexistent_id_returns_empty_list
// MAAS: test_machines.py::TestMachinesAPI::test_GET_with_ids_orders_by_id
// MAAS: test_machines.py::TestMachinesAPI::test_GET_with_some_matching_ids_returns_matching_machines
TEST_F(MachineParityTest, ListIsInIdOrderAndFiltersByRepeatedIds) {
  const int64_t pod = AddPod(BarePod());
  const std::string a = Ready(pod), b = Ready(pod), c = Ready(pod);
  EXPECT_EQ(Ids(User("GET", "machines/")), (std::vector<std::string>{a, b, c}));
  EXPECT_EQ(Ids(User("GET", "machines/", "id=" + a)), std::vector<std::string>{a});
  const auto none = User("GET", "machines/", "id=" + a + "xyz");
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(Body(none), json::array());
  EXPECT_EQ(Ids(User("GET", "machines/", "id=" + c + "&id=" + b + "&id=" + a)),
            (std::vector<std::string>{a, b, c}));
  EXPECT_EQ(Ids(User("GET", "machines/", "id=" + a + "&id=" + a + "xyz")),
            std::vector<std::string>{a});
}

// MAAS: test_machines.py::TestMachinesAPI::test_GET_with_hostname_returns_matching_machines
TEST_F(MachineParityTest, ListFiltersByExactHostname) {
  const int64_t pod = AddPod(BarePod());
  const std::string a = Ready(pod, {{"hostname", "alpha"}});
  Ready(pod, {{"hostname", "alphabet"}});
  Ready(pod, {{"hostname", "beta"}});
  EXPECT_EQ(Ids(User("GET", "machines/", "hostname=alpha")), std::vector<std::string>{a});
}

// ReadNodesForm (GET machines/) filters `pod` on the BMC's name, as AcquireNodeForm does.
// MAAS: tests/test_node_constraint_filter_forms.py::TestAcquireNodeForm::test_pod_not_pod_pod_type_or_not_pod_type_for_pod
TEST_F(MachineParityTest, ListFiltersByPodName) {
  const std::string a = Ready(AddPod(BarePod("pod1")));
  const std::string b = Ready(AddPod(BarePod("pod2")));
  EXPECT_EQ(Ids(User("GET", "machines/", "pod=pod1")), std::vector<std::string>{a});
  EXPECT_EQ(Ids(User("GET", "machines/", "pod=pod2")), std::vector<std::string>{b});
  EXPECT_EQ(Body(User("GET", "machines/", "pod=pod3")), json::array());
}

// --- POST op=deploy ---

// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_allocates_ready_machines
// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_sets_default_distro_series
TEST_F(MachineParityTest, DeployOfAnUnownedReadyMachineAllocatesItAndDeploysTheDefaultSeries) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Op(kUserKey, sid, "deploy");
  ASSERT_EQ(res.status, 200) << res.body;
  const json m = Body(res);
  EXPECT_EQ(m["system_id"], sid);
  EXPECT_EQ(m["owner"], "user");
  EXPECT_EQ(m["status"], 9);
  EXPECT_EQ(m["osystem"], "ubuntu");
  EXPECT_EQ(m["distro_series"], "noble");
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_sets_osystem_and_distro_series
// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_distro_series
TEST_F(MachineParityTest, DeployTakesABareOrOsQualifiedSeriesAndStoresTheBareOne) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string a = Ready(pod), b = Ready(pod);
  auto res = Op(kUserKey, a, "deploy", {{"distro_series", "jammy"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["osystem"], "ubuntu");
  EXPECT_EQ(Body(res)["distro_series"], "jammy");
  res = Op(kUserKey, b, "deploy", {{"distro_series", "ubuntu/noble"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], b);
  EXPECT_EQ(Body(res)["distro_series"], "noble");
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_validates_distro_series
TEST_F(MachineParityTest, DeployWithAnUnknownSeriesIs400NamingTheChoicesAndChangesNothing) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Op(kUserKey, sid, "deploy", {{"distro_series", "plan9"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(Body(res), (json{{"distro_series",
                              {"'plan9' is not a valid distro_series.  It should be one of: '', "
                               "'ubuntu/focal', 'ubuntu/jammy', 'ubuntu/noble'."}}}));
  const json m = Machine(sid);
  EXPECT_EQ(m["status_name"], "Ready") << "the request's transaction is rolled back";
  EXPECT_TRUE(m["owner"].is_null());
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_not_allowed_statuses
TEST_F(MachineParityTest, DeployInAnyStateButReadyOrAllocatedIs409WithItsLabel) {
  const int64_t pod = AddPod(PodWithHints());
  const auto refused = [&](const std::string& sid, const std::string& label) {
    const auto res = Op(kUserKey, sid, "deploy", {{"distro_series", "noble"}});
    EXPECT_EQ(res.status, 409) << label;
    EXPECT_EQ(res.body, "Can't deploy a machine that is in the '" + label + "' state");
  };
  const std::string fresh = SystemId(Compose(pod, {{"memory", "1024"}}));
  refused(fresh, "Commissioning");
  clock_.Advance(core::Duration::Minutes(3));
  refused(fresh, "Testing");
  const std::string sid = Ready(pod);
  ASSERT_EQ(Op(kUserKey, sid, "deploy").status, 200);
  refused(sid, "Deploying");
  clock_.Advance(core::Duration::Minutes(1));
  refused(sid, "Deployed");
  ASSERT_EQ(Op(kUserKey, sid, "release").status, 200);
  refused(sid, "Releasing");
  // The VM host's own machine is Deployed too.
  const auto host =
      Admin("POST", "machines/" + std::string(Pod(pod)["host"]["system_id"]) + "/", "op=deploy");
  EXPECT_EQ(host.status, 409);
  EXPECT_EQ(host.body, "Can't deploy a machine that is in the 'Deployed' state");
}

// MAAS's set-up is a Ready machine another user owns; the fake has none (allocation makes it
// Allocated), and the edit check refuses an Allocated one the same way.
// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_rejects_node_owned_by_another_user
TEST_F(MachineParityTest, DeployOfAnotherUsersMachineIs403) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", sid}}).status, 200);
  const auto res = Op(kUserKey, sid, "deploy", {{"distro_series", "noble"}});
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(Machine(sid)["status_name"], "Allocated");
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_doesnt_reset_power_options_bug_1569102
TEST_F(MachineParityTest, DeployKeepsThePowerType) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", sid}}).status, 200);
  const auto res = Op(kAdminKey, sid, "deploy", {{"distro_series", "noble"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["power_type"], "lxd");
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_deploy_fails_when_install_rackd_is_true
TEST_F(MachineParityTest, DeployAsARackControllerIs400) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Op(kUserKey, sid, "deploy", {{"install_rackd", "true"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body,
            "Deploying a machine as a rackd has been disabled and it's not supported anymore.");
  EXPECT_EQ(Machine(sid)["status_name"], "Ready");
}

// --- POST op=release ---

// MAAS: test_machine.py::TestMachineAPI::test_POST_release_does_nothing_for_ready_machine
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_on_ready_is_noop
TEST_F(MachineParityTest, ReleaseOfAReadyMachineIsANoOp) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Op(kUserKey, sid, "release");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["status_name"], "Ready");
  EXPECT_EQ(Machine(sid)["status_name"], "Ready");
}

// A deployed VM is on and LXD's power can be queried: the release waits for the power-off, and
// only then clears the owner (_finalize_release).
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_releases_owned_machine
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_releases_failed_machine
TEST_F(MachineParityTest, ReleaseOfAPoweredOnMachineIsReleasingAndStillOwnedUntilItIsOff) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  ASSERT_EQ(Op(kUserKey, sid, "deploy").status, 200);
  clock_.Advance(core::Duration::Minutes(1));
  const auto res = Op(kUserKey, sid, "release");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["status"], 12);
  EXPECT_EQ(Machine(sid)["owner"], "user");
  EXPECT_EQ(Machine(sid)["osystem"], "") << "release clears the OS at once";
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(Machine(sid)["status_name"], "Ready");
  EXPECT_TRUE(Machine(sid)["owner"].is_null());
}

// MAAS's machine is on (ipmi), so it stays Releasing; an allocated VM is off, so its release
// finishes at once (Node._release: power OFF, finalize now) and it is Ready and unowned.
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_combines_with_allocate
TEST_F(MachineParityTest, ReleaseThroughTheResourceUriAllocateAnswered) {
  Ready(AddPod(PodWithHints()));
  const auto allocated = Allocate(kUserKey);
  ASSERT_EQ(allocated.status, 200) << allocated.body;
  EXPECT_EQ(Body(allocated)["status"], 10);
  const std::string uri = Body(allocated)["resource_uri"];
  const std::string prefix = "/MAAS/api/2.0/";
  ASSERT_TRUE(uri.starts_with(prefix)) << uri;
  const auto res = Send(kUserKey, "POST", uri.substr(prefix.size()), "op=release");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["status_name"], "Ready");
  EXPECT_TRUE(Body(res)["owner"].is_null());
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_release_fails_for_other_machine_states
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_in_wrong_state_reports_current_state
TEST_F(MachineParityTest, ReleaseInAStateMaasCannotReleaseIs409WithTheLabel) {
  const std::string sid = SystemId(Compose(AddPod(PodWithHints()), {{"memory", "1024"}}));
  for (const char* label : {"Commissioning", "Testing"}) {
    const auto res = Op(kUserKey, sid, "release");
    EXPECT_EQ(res.status, 409);
    EXPECT_EQ(res.body,
              std::string("Machine cannot be released in its current state ('") + label + "').");
    EXPECT_EQ(Machine(sid)["status_name"], label);
    clock_.Advance(core::Duration::Minutes(3));
  }
}

// MAAS: test_machine.py::TestMachineAPI::test_POST_release_rejects_request_from_unauthorized_user
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_allows_admin_to_release_anyones_machine
TEST_F(MachineParityTest, ReleaseOfAnotherUsersMachineIs403AndAnAdminMayReleaseIt) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string sid = Ready(pod);
  ASSERT_EQ(Op(kUserKey, sid, "deploy").status, 200);
  clock_.Advance(core::Duration::Minutes(1));
  const std::string other = Ready(pod);
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", other}}).status, 200);
  EXPECT_EQ(Op(kUserKey, other, "release").status, 403);
  EXPECT_EQ(Machine(other)["status_name"], "Allocated");
  const auto res = Op(kAdminKey, sid, "release");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["status_name"], "Releasing");
}

// MAAS: models/tests/test_node.py::TestDecomposeMachineTransactional::test_release_deletes_dynamic_machine
TEST_F(MachineParityTest, ReleaseOfAMachineAllocateComposedDeletesIt) {
  const int64_t pod = AddPod(PodWithHints());
  const auto allocated = Allocate(kUserKey);
  ASSERT_EQ(allocated.status, 200) << allocated.body;
  const std::string sid = Body(allocated)["system_id"];
  EXPECT_EQ(Pod(pod)["used"]["cores"], 1);
  ASSERT_EQ(Op(kUserKey, sid, "release").status, 200);
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(Admin("GET", "machines/" + sid + "/").status, 404);
  EXPECT_EQ(Pod(pod)["used"]["cores"], 0) << "decomposed";
}

// --- POST op=power_on / op=power_off (api/tests/test_node.py, through machines/) ---

// MAAS: test_node.py::TestPowerMixin::test_POST_power_off_checks_permission
// MAAS: test_node.py::TestPowerMixin::test_POST_power_on_checks_permission
TEST_F(MachineParityTest, PowerOpsOnAnotherUsersMachineAre403) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", sid}}).status, 200);
  EXPECT_EQ(Op(kUserKey, sid, "power_off").status, 403);
  EXPECT_EQ(Op(kUserKey, sid, "power_on").status, 403);
}

// MAAS: test_node.py::TestPowerMixin::test_POST_power_on_checks_ownership
TEST_F(MachineParityTest, PowerOnOfAnUnallocatedMachineIs409) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Op(kAdminKey, sid, "power_on");
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.body, "Can't start node: it hasn't been allocated.");
}

// MAAS: test_node.py::TestPowerMixin::test_POST_power_on_returns_machine
// MAAS: test_node.py::TestPowerMixin::test_POST_power_off_returns_machine
// MAAS: test_node.py::TestPowerMixin::test_POST_power_off_may_be_repeated
TEST_F(MachineParityTest, PowerOnAndOffAnswerTheMachine) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  ASSERT_EQ(Allocate(kUserKey, {{"system_id", sid}}).status, 200);
  auto res = Op(kUserKey, sid, "power_on", {{"distro_series", "noble"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], sid);
  for (int i = 0; i < 2; ++i) {
    res = Op(kUserKey, sid, "power_off");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Body(res)["system_id"], sid);
  }
}

// --- PUT machines/{id}/ ---

// MAAS: test_machine.py::TestMachineAPI::test_PUT_updates_machine_superuser
// MAAS: test_machine.py::TestMachineAPI::test_resource_uri_points_back_at_machine
TEST_F(MachineParityTest, PutRenamesTheMachineAndSetsItsDescription) {
  const std::string sid = Ready(AddPod(PodWithHints()), {{"hostname", "diane"}});
  const auto res =
      Admin("PUT", "machines/" + sid + "/", "", {{"hostname", "francis"}, {"description", "d"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["fqdn"], "francis.maas");
  EXPECT_EQ(Body(res)["description"], "d");
  EXPECT_EQ(Body(res)["resource_uri"], "/MAAS/api/2.0/machines/" + sid + "/");
  EXPECT_EQ(Machine(sid)["description"], "d");
  EXPECT_EQ(Body(Admin("GET", "machines/", "hostname=diane")), json::array());
  EXPECT_EQ(Ids(Admin("GET", "machines/", "hostname=francis")), std::vector<std::string>{sid});
}

// MAAS: test_machine.py::TestMachineAPI::test_PUT_not_updates_machine_non_superuser
// MAAS: test_machine.py::TestMachineAPI::test_PUT_non_admin_cannot_change_power_type
// MAAS: test_machine.py::TestMachineAPI::test_PUT_requires_admin
// MAAS: test_machine.py::TestMachineAPI::test_PUT_zone_change_requires_admin
TEST_F(MachineParityTest, PutByANonAdminIs403EvenOnTheirOwnMachine) {
  auto spec = PodWithHints();
  spec.zone = "zone-z";
  const int64_t pod = AddPod(spec);
  const std::string sid = Ready(pod);
  ASSERT_EQ(Allocate(kUserKey, {{"system_id", sid}}).status, 200);
  for (const core::FormData& form : std::vector<core::FormData>{
           {{"hostname", "francis"}}, {{"power_type", "virsh"}}, {}, {{"zone", "zone-z"}}}) {
    const auto res = User("PUT", "machines/" + sid + "/", "", form);
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(res.body, "");
  }
  const json m = Machine(sid);
  EXPECT_EQ(m["power_type"], "lxd");
  EXPECT_EQ(m["zone"]["name"], "default");
  EXPECT_NE(m["hostname"], "francis");
}

// MAAS: test_machine.py::TestMachineAPI::test_PUT_omitted_hostname
// MAAS: test_machine.py::TestMachineAPI::test_PUT_ignores_unknown_fields
// MAAS: test_machine.py::TestMachineAPI::test_PUT_without_zone_leaves_zone_unchanged
TEST_F(MachineParityTest, PutLeavesOmittedFieldsAndIgnoresUnknownOnes) {
  const std::string sid = Ready(AddPod(PodWithHints()), {{"hostname", "diane"}});
  auto res = Admin("PUT", "machines/" + sid + "/", "", {{"architecture", "amd64/generic"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["hostname"], "diane");
  res = Admin("PUT", "machines/" + sid + "/", "", {{"colour", "blue"}});
  EXPECT_EQ(res.status, 200) << res.body;
  res = Admin("PUT", "machines/" + sid + "/");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["zone"]["name"], "default");
  EXPECT_EQ(Body(res)["hostname"], "diane");
}

// MAAS: test_machine.py::TestMachineAPI::test_PUT_rejects_invalid_data
TEST_F(MachineParityTest, PutOfAnInvalidHostnameIs400WithMaasTexts) {
  const std::string sid = Ready(AddPod(PodWithHints()), {{"hostname", "diane"}});
  auto res = Admin("PUT", "machines/" + sid + "/", "", {{"hostname", "."}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(Body(res),
            (json{{"hostname", {"DNS name contains an empty label.", "Nonexistant domain."}}}));
  EXPECT_EQ(Machine(sid)["hostname"], "diane");
  res = Admin("PUT", "machines/" + sid + "/", "", {{"hostname", "francis.maas"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["hostname"], "francis") << "an FQDN in an existing domain";
}

// MAAS: test_machine.py::TestMachineAPI::test_PUT_refuses_to_update_nonexistent_machine
// MAAS: test_machine.py::TestMachineAPI::test_DELETE_refuses_to_delete_nonexistent_machine
TEST_F(MachineParityTest, PutAndDeleteOfAnUnknownMachineAre404ForAnyone) {
  AddPod(PodWithHints());
  auto res = Admin("PUT", "machines/invalid-uuid/", "", {{"hostname", "x"}});
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "No Machine matches the given query.");
  res = User("DELETE", "machines/invalid-uuid/");
  EXPECT_EQ(res.status, 404) << "the lookup comes before the permission check";
  EXPECT_EQ(res.body, "No Machine matches the given query.");
}

// MAAS: test_machine.py::TestMachineAPI::test_PUT_updates_cpu_memory
TEST_F(MachineParityTest, PutSetsCpuCountAndMemory) {
  const std::string sid = Ready(AddPod(PodWithHints()), {{"cores", "2"}});
  const auto res =
      Admin("PUT", "machines/" + sid + "/", "", {{"cpu_count", "1"}, {"memory", "1024"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Machine(sid)["cpu_count"], 1);
  EXPECT_EQ(Machine(sid)["memory"], 1024);
}

// MAAS: test_machine.py::TestMachineAPI::test_PUT_sets_zone
// MAAS: test_machine.py::TestMachineAPI::test_PUT_does_not_set_zone_if_not_present
TEST_F(MachineParityTest, PutSetsTheZoneByNameAndOnlyWhenGiven) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  auto other = PodWithHints("pod-2");
  other.zone = "zone-z";
  other.resource_pool = "pool-p";
  AddPod(other);
  auto res = Admin("PUT", "machines/" + sid + "/", "", {{"hostname", "renamed"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["zone"]["name"], "default");
  EXPECT_EQ(Body(res)["hostname"], "renamed");
  res = Admin("PUT", "machines/" + sid + "/", "", {{"zone", "zone-z"}, {"pool", "pool-p"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["zone"]["name"], "zone-z");
  EXPECT_EQ(Body(res)["pool"]["name"], "pool-p");
}

// --- DELETE machines/{id}/ ---

// MAAS: test_machine.py::TestMachineAPI::test_DELETE_deletes_machine
TEST_F(MachineParityTest, DeleteIs204AndTheMachineIsGoneOnceDecomposed) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Admin("DELETE", "machines/" + sid + "/");
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(res.body, "");
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(Admin("GET", "machines/" + sid + "/").status, 404);
}

// MAAS: test_machine.py::TestMachineAPI::test_DELETE_deletes_machine_fails_if_not_admin
// MAAS: test_machine.py::TestMachineAPI::test_DELETE_forbidden_without_edit_permission
// MAAS: test_machine.py::TestMachineAPI::test_DELETE_refuses_to_delete_invisible_machine
TEST_F(MachineParityTest, DeleteByANonAdminIs403WhoeverOwnsTheMachine) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string mine = Ready(pod), free = Ready(pod), theirs = Ready(pod);
  ASSERT_EQ(Allocate(kUserKey, {{"system_id", mine}}).status, 200);
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", theirs}}).status, 200);
  for (const auto& sid : {mine, free, theirs}) {
    const auto res = User("DELETE", "machines/" + sid + "/");
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(res.body, "");
  }
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(Body(Admin("GET", "machines/", "pod=pod-1")).size(), 3u);
}

// MAAS: test_machine.py::TestMachineAPI::test_pod_DELETE_delete_without_force
// MAAS: test_machine.py::TestMachineAPI::test_DELETE_delete_with_force
TEST_F(MachineParityTest, DeleteOfAVmHostsMachineNeedsForceWhichDeletesTheVmHost) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string host = Pod(pod)["host"]["system_id"];
  auto res = Admin("DELETE", "machines/" + host + "/");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, "The following VM hosts must be removed first: pod-1");
  EXPECT_EQ(Admin("GET", "vm-hosts/" + std::to_string(pod) + "/").status, 200);
  res = Admin("DELETE", "machines/" + host + "/", "force=true");
  EXPECT_EQ(res.status, 204) << res.body;
  EXPECT_EQ(Admin("GET", "vm-hosts/" + std::to_string(pod) + "/").status, 404);
  EXPECT_EQ(Admin("GET", "machines/" + host + "/").status, 404);
}

// start_releasing -> maybe_delete_pods(dry_run=not force); MAAS's test checks only that force
// reaches start_releasing.
// MAAS: test_machine.py::TestMachineAPI::test_POST_release_passes_force_option
TEST_F(MachineParityTest, ReleaseOfAVmHostsMachineIs400NamingTheVmHost) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string host = Pod(pod)["host"]["system_id"];
  const auto res = Admin("POST", "machines/" + host + "/", "op=release");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, "The following VM hosts must be removed first: pod-1");
}

// --- POST machines/ op=allocate ---

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_available_machine
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine
TEST_F(MachineParityTest, AllocateGivesTheReadyMachineToTheCaller) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Allocate(kUserKey);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], sid);
  EXPECT_EQ(Machine(sid)["owner"], "user");
  EXPECT_EQ(Machine(sid)["status"], 10);
}

// Cheapest first: cpu_count + memory / 1024.
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_cpu
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_float_cpu
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_mem
TEST_F(MachineParityTest, AllocateTakesTheCheapestMachineWithAtLeastTheCpusAndMemory) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string three = Ready(pod, {{"cores", "3"}});
  const std::string one = Ready(pod, {{"cores", "1"}});
  const std::string big = Ready(pod, {{"cores", "1"}, {"memory", "4096"}});
  auto res = Allocate(kUserKey, {{"cpu_count", "2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], three);
  res = Allocate(kUserKey, {{"cpu_count", "1.0"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], one);
  res = Allocate(kUserKey, {{"mem", "1024"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], big);
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_fails_with_invalid_cpu
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_fails_with_invalid_mem
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_treats_unknown_arch_as_bad_request
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_rejects_unknown_zone
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_rejects_unknown_pool
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_does_not_ignore_unknown_constraint
TEST_F(MachineParityTest, AllocateConstraintsThatDoNotParseAre400ByField) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto refused = [&](const core::FormData& form, const json& errors) {
    const auto res = Allocate(kUserKey, form);
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(Body(res), errors) << res.body;
  };
  refused({{"cpu_count", "plenty"}}, {{"cpu_count", {"Invalid CPU count: number required."}}});
  refused({{"mem", "bags"}}, {{"mem", {"Invalid memory: number of MiB required."}}});
  refused({{"arch", "sparc"}}, {{"arch", {"Architecture not recognised."}}});
  refused({{"zone", "nowhere"}}, {{"zone", {"No such zone(s): nowhere."}}});
  refused({{"pool", "nowhere"}}, {{"pool", {"No such pool(s): nowhere."}}});
  refused({{"colour", "blue"}}, {{"colour", {"No such constraint."}}});
  EXPECT_EQ(Machine(sid)["status_name"], "Ready");
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_fails_if_no_machine_present
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_failure_shows_no_constraints_if_none_given
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_failure_shows_constraints_if_given
TEST_F(MachineParityTest, AllocateWithNothingToAllocateIs409SayingWhatWasAsked) {
  auto res = Allocate(kUserKey);
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.body, "No machine available.");
  res = Allocate(kUserKey, {{"name", "foo"}});
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.body,
            "No available machine matches constraints: [('name', ['foo'])] (resolved to "
            "\"name=foo\")");
}

// The pod is full, so nothing can be composed either (MAAS's tests have no pods).
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_ignores_already_allocated_machine
TEST_F(MachineParityTest, AllocateIgnoresAnAllocatedMachine) {
  const std::string sid = Filling(AddPod(PodWithHints()));
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", sid}}).status, 200);
  const auto res = Allocate(kUserKey);
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.body, "No machine available.");
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_chooses_candidate_matching_constraint
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_name
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_system_id
TEST_F(MachineParityTest, AllocateByNameFqdnOrSystemIdTakesThatMachine) {
  const int64_t pod = AddPod(PodWithHints());
  std::vector<std::string> ids;
  for (const char* name : {"m0", "m1", "m2", "m3", "m4"})
    ids.push_back(Ready(pod, {{"hostname", name}}));
  auto res = Allocate(kUserKey, {{"name", "m3"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["fqdn"], "m3.maas");
  res = Allocate(kUserKey, {{"name", "m1.maas"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], ids[1]);
  res = Allocate(kUserKey, {{"system_id", ids[4]}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], ids[4]);
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_would_rather_fail_than_disobey_constraint
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_treats_unknown_name_as_resource_conflict
TEST_F(MachineParityTest, AllocateByANameNoReadyMachineHasIs409) {
  const int64_t pod = AddPod(PodWithHints());
  Ready(pod, {{"cores", "6"}, {"memory", "4096"}});
  const std::string taken = Ready(pod, {{"cores", "6"}, {"memory", "4096"}});
  ASSERT_EQ(Allocate(kAdminKey, {{"system_id", taken}}).status, 200);
  EXPECT_EQ(Allocate(kUserKey, {{"name", taken}}).status, 409) << "a name is never a system_id";
  EXPECT_EQ(Allocate(kUserKey, {{"name", "no-such-name"}}).status, 409);
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_fails_if_given_system_id_invalid
TEST_F(MachineParityTest, AllocateByAnUnknownSystemIdIs409AndComposesNothing) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string sid = Ready(pod);
  const std::string rotated = sid.substr(1) + sid.front();
  const auto res = Allocate(kUserKey, {{"system_id", rotated}});
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.body, "No machine with system ID " + rotated + " available.");
  EXPECT_EQ(Pod(pod)["used"]["cores"], 1);
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_arch
TEST_F(MachineParityTest, AllocateByArchTakesAMachineOfThatArch) {
  const int64_t pod = AddPod(PodWithHints());
  Ready(pod);
  const std::string arm = Ready(pod, {{"architecture", "arm64/generic"}, {"cores", "2"}});
  const auto res = Allocate(kUserKey, {{"arch", "arm64/generic"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], arm);
  EXPECT_EQ(Body(res)["architecture"], "arm64/generic");
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_tags
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_tags_comma_separated
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_tags_space_separated
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_tags_comma_space_delim
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_tags_mixed_input
TEST_F(MachineParityTest, AllocateByTagsInEveryLegacySpellingTakesTheTaggedMachine) {
  const int64_t pod = AddPod(PodWithHints());
  Ready(pod);  // cheaper, untagged
  const std::string sid = Ready(pod, {{"cores", "2"}});
  Tag(sid, {"fast", "stable", "cute"});
  for (const core::FormData& form :
       std::vector<core::FormData>{{{"tags", "fast"}, {"tags", "stable"}},
                                   {{"tags", "fast, stable"}},
                                   {{"tags", "fast stable"}},
                                   {{"tags", "fast, stable cute"}},
                                   {{"tags", "fast, stable"}, {"tags", "cute"}}}) {
    const auto res = Allocate(kUserKey, form);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Body(res)["system_id"], sid);
    EXPECT_TRUE(TagNames(Body(res)).contains("cute"));
    ASSERT_EQ(Op(kUserKey, sid, "release").status, 200);
  }
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_negated_tags
TEST_F(MachineParityTest, AllocateByNotTagsSkipsMachinesWithAnyOfThem) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string a = Ready(pod);
  const std::string b = Ready(pod, {{"cores", "2"}});
  Tag(a, {"fast", "stable", "cute"});
  Tag(b, {"fast", "stable"});
  const auto res = Allocate(kUserKey, {{"not_tags", "cute"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], b);
  EXPECT_FALSE(TagNames(Body(res)).contains("cute"));
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_fails_without_all_tags
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_does_not_compose_machine_by_tags
TEST_F(MachineParityTest, AllocateNeedsAllTagsAndComposesOnlyOnPodsWithThem) {
  const int64_t pod = AddPod(PodWithHints());
  const std::string a = Ready(pod), b = Ready(pod);
  Tag(a, {"fast", "stable", "cute"});
  Tag(b, {"cheap"});
  const auto res = Allocate(kUserKey, {{"tags", "fast, cheap"}});
  EXPECT_EQ(res.status, 409) << res.body;
  EXPECT_EQ(Pod(pod)["used"]["cores"], 2) << "the pod has no tags: nothing is composed";
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_fails_with_unknown_tags
TEST_F(MachineParityTest, AllocateByUnknownTagsIs400NamingEach) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  Tag(sid, {"fast"});
  const auto res = Allocate(kUserKey, {{"tags", "fast, hairy, boo"}});
  EXPECT_EQ(res.status, 400);
  const std::string text = Body(res)["tags"][0];
  EXPECT_TRUE(text.starts_with("No such tag(s): ")) << text;
  EXPECT_NE(text.find("'hairy'"), std::string::npos) << text;
  EXPECT_NE(text.find("'boo'"), std::string::npos) << text;
}

// pod-1 is full and pod-2 cannot compose, so a miss is a 409 as in MAAS's pod-less tests.
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_zone
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_zone_fails_if_no_machine
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_pool
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_allocates_machine_by_pool_fails_if_no_machine
TEST_F(MachineParityTest, AllocateByZoneOrPoolTakesAMachineThereOr409s) {
  const int64_t pod = AddPod(PodWithHints());
  auto spec = PodWithHints("pod-2");
  spec.zone = "zone-z";
  spec.resource_pool = "pool-p";
  spec.composable = false;
  AddPod(spec);
  Ready(pod, {{"cores", "4"}, {"memory", "4096"}});  // with the two below, all of pod-1
  const std::string in_z = Ready(pod, {{"cores", "4"}, {"memory", "2048"}});
  const std::string in_p = Ready(pod, {{"cores", "4"}, {"memory", "2048"}});
  EXPECT_EQ(Allocate(kUserKey, {{"zone", "zone-z"}}).status, 409);
  EXPECT_EQ(Allocate(kUserKey, {{"pool", "pool-p"}}).status, 409);
  ASSERT_EQ(Admin("PUT", "machines/" + in_z + "/", "", {{"zone", "zone-z"}}).status, 200);
  ASSERT_EQ(Admin("PUT", "machines/" + in_p + "/", "", {{"pool", "pool-p"}}).status, 200);
  auto res = Allocate(kUserKey, {{"zone", "zone-z"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], in_z);
  res = Allocate(kUserKey, {{"pool", "pool-p"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], in_p);
}

// Only the status part: dry_run leaves the machine Ready (constraints_by_type is not modelled).
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_machine_by_interfaces_dry_run_with_verbose
TEST_F(MachineParityTest, AllocateDryRunAnswersTheMachineButLeavesItReady) {
  const std::string sid = Ready(AddPod(PodWithHints()));
  const auto res = Allocate(kUserKey, {{"dry_run", "true"}, {"verbose", "true"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["system_id"], sid);
  EXPECT_EQ(Body(res)["status"], 4);
  EXPECT_TRUE(Machine(sid)["owner"].is_null());
}

// --- op=allocate composing on a pod ---

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_no_constraints
TEST_F(MachineParityTest, AllocateWithoutAReadyMachineComposesOneWithTheDefaults) {
  auto spec = PodWithHints();
  spec.resource_pool = "pool-x";
  const int64_t pod = AddPod(spec);
  const auto res = Allocate(kUserKey);
  ASSERT_EQ(res.status, 200) << res.body;
  const json m = Body(res);
  EXPECT_EQ(m["status"], 10);
  EXPECT_EQ(m["owner"], "user");
  EXPECT_EQ(m["pod"]["id"], pod);
  EXPECT_EQ(m["cpu_count"], 1);
  EXPECT_EQ(m["memory"], 2048);
  EXPECT_EQ(m["pool"]["name"], "pool-x") << "in the pod's pool";
  EXPECT_EQ(m["zone"]["name"], "default") << "the compose form's default zone";
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_constraints
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_wildcard_arch
TEST_F(MachineParityTest, AllocateComposesWhatTheConstraintsAskOnAPodWithTheTags) {
  auto spec = PodWithHints();
  spec.tags = {"t1", "t2", "t3"};
  const int64_t pod = AddPod(spec);
  for (const char* t : {"t1", "t2", "t3"}) Admin("POST", "tags/", "", {{"name", t}});
  auto res = Allocate(kUserKey, {{"cpu_count", "6"},
                                 {"mem", "4096"},
                                 {"arch", "amd64/generic"},
                                 {"tags", "t1"},
                                 {"tags", "t2"},
                                 {"tags", "t3"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["cpu_count"], 6);
  EXPECT_EQ(Body(res)["memory"], 4096);
  EXPECT_EQ(Body(res)["pod"]["id"], pod);
  res = Allocate(kUserKey, {{"cpu_count", "6"}, {"mem", "4096"}, {"arch", "amd64"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res)["architecture"], "amd64/generic");
  EXPECT_EQ(Pod(pod)["used"]["cores"], 12);
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_with_zone
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_with_pod
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_with_not_pod
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_with_pod_type
// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_a_composed_machine_with_not_pod_type
TEST_F(MachineParityTest, AllocateComposesOnThePodTheZonePodAndPodTypeSelect) {
  const int64_t pod1 = AddPod(PodWithHints());
  auto spec = PodWithHints("pod-2");
  spec.zone = "zone-z";
  const int64_t pod2 = AddPod(spec);
  const core::FormData sizes = {{"cpu_count", "1"}, {"mem", "1024"}, {"arch", "amd64/generic"}};
  const auto on = [&](core::FormData form) {
    form.insert(form.begin(), sizes.begin(), sizes.end());
    const auto res = Allocate(kUserKey, form);
    EXPECT_EQ(res.status, 200) << res.body;
    return Body(res)["pod"]["id"].get<int64_t>();
  };
  EXPECT_EQ(on({{"zone", "zone-z"}}), pod2);
  EXPECT_EQ(on({{"pod", "pod-1"}}), pod1);
  EXPECT_EQ(on({{"not_pod", "pod-1"}}), pod2);
  EXPECT_EQ(on({{"pod_type", "lxd"}, {"pod", "pod-2"}}), pod2);
  EXPECT_EQ(on({{"not_pod_type", "virsh"}, {"pod", "pod-1"}}), pod1);
  const auto res = Allocate(kUserKey, {{"not_pod_type", "lxd"}});
  EXPECT_EQ(res.status, 409) << "no pod of another type";
}

// MAAS: test_machines.py::TestMachinesAPI::test_POST_allocate_returns_conflict_when_compose_fails
TEST_F(MachineParityTest, AllocateWhoseComposeFailsIs409WithTheConstraints) {
  AddPod(PodWithHints());
  const auto res = Allocate(kUserKey, {{"cpu_count", "13"},
                                       {"mem", "1024"},
                                       {"arch", "amd64/generic"},
                                       {"storage", "root:8(local),remote:4(other)"}});
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.body,
            "No available machine matches constraints: [('cpu_count', ['13']), ('mem', ['1024']), "
            "('arch', ['amd64/generic']), ('storage', ['root:8(local),remote:4(other)'])] "
            "(resolved to \"arch=amd64/generic cpu_count=13.0 mem=1024.0 "
            "storage=root:8(local),remote:4(other)\")");
}

}  // namespace
}  // namespace vmsim::parity
