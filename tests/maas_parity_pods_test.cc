// MAAS's own VM-host tests, mirrored against the fake over its HTTP handler: canonical/maas 3.7.3
// src/maasserver/api/tests/test_pods.py, src/maasserver/forms/tests/test_pods.py and the
// API-visible parts of src/maasserver/models/tests/test_bmc.py. Each test names the MAAS tests
// it mirrors; docs/fidelity.md section 8 lists them all, and those not mirrored with the reason.
#include <set>

#include "tests/maas_parity.h"

namespace vmsim::parity {
namespace {

using nlohmann::json;

std::set<std::string> Keys(const json& j) {
  std::set<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.insert(k);
  return keys;
}

std::set<std::string> Tags(const json& pod) { return pod["tags"].get<std::set<std::string>>(); }

// --- api/tests/test_pods.py: paths, reads, permissions ---

// MAAS: api/tests/test_pods.py::TestPodsAPIUser::test_handler_path
// MAAS: api/tests/test_pods.py::TestPodAPI::test_handler_path
// MAAS: api/tests/test_pods.py::TestPodsAPIUser::test_read_lists_pods
// MAAS: models/tests/test_bmc.py::TestPodManager::test_get_pods_no_rbac_always_all
TEST_F(ParityTest, PodsAndVmHostsListTheSamePodsToAnyUser) {
  const int64_t a = AddPod(PodWithHints("a"));
  const int64_t b = AddPod(PodWithHints("b"));
  for (const char* prefix : {"pods/", "vm-hosts/"}) {
    const auto res = User("GET", prefix);
    ASSERT_EQ(res.status, 200) << res.body;
    const json list = Body(res);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0]["id"], a);
    EXPECT_EQ(list[1]["id"], b);
    EXPECT_EQ(User("GET", std::string(prefix) + std::to_string(a) + "/").status, 200);
  }
}

// MAAS: api/tests/test_pods.py::TestPodsAPIUser::test_read_returns_limited_fields
TEST_F(ParityTest, APodShowsExactlyMaasFields) {
  AddPod(PodWithHints());
  const json pod = Body(User("GET", "pods/"))[0];
  EXPECT_EQ(Keys(pod), (std::set<std::string>{"id", "name", "tags", "type", "resource_uri",
                                              "capabilities", "architectures", "total", "used",
                                              "zone", "available", "cpu_over_commit_ratio",
                                              "memory_over_commit_ratio", "storage_pools", "pool",
                                              "host", "default_macvlan_mode", "version"}));
  const std::set<std::string> resources = {"cores", "memory", "local_storage"};
  for (const char* k : {"total", "used", "available"}) EXPECT_EQ(Keys(pod[k]), resources) << k;
  EXPECT_EQ(Keys(pod["storage_pools"][0]),
            (std::set<std::string>{"id", "name", "type", "path", "total", "used", "available",
                                   "default"}));
}

// MAAS: api/tests/test_pods.py::TestPodAPI::test_GET_reads_pod
// MAAS: models/tests/test_bmc.py::TestPodManager::test_get_pod_or_404_returns_pod
TEST_F(ParityTest, AnyUserReadsAPodById) {
  const int64_t id = AddPod(PodWithHints());
  const auto res = User("GET", "pods/" + std::to_string(id) + "/");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(Body(res)["id"], id);
}

// MAAS: api/tests/test_pods.py::TestPodsAPIUser::test_create_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_PUT_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_refresh_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_parameters_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_compose_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_add_tag_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_remove_tag_requires_admin
// MAAS: api/tests/test_pods.py::TestPodAPI::test_DELETE_rejects_deletion_if_not_permitted
TEST_F(ParityTest, EveryPodWriteAndParametersAre403ForANonAdminEvenForAMissingPod) {
  const int64_t id = AddPod(PodWithHints());
  for (const std::string& pod : {std::to_string(id), std::string("999")}) {
    const std::string path = "pods/" + pod + "/";
    for (const auto& res :
         {User("POST", "pods/", "", {{"type", "virsh"}, {"power_address", "qemu+ssh://x/system"}}),
          User("PUT", path), User("POST", path, "op=refresh"), User("GET", path, "op=parameters"),
          User("POST", path, "op=compose"), User("POST", path, "op=add_tag", {{"tag", "t"}}),
          User("POST", path, "op=remove_tag", {{"tag", "t"}}), User("DELETE", path)}) {
      EXPECT_EQ(res.status, 403) << path;
      EXPECT_EQ(res.body, "This method is reserved for admin users.");
    }
  }
  EXPECT_EQ(Body(Admin("GET", "pods/")).size(), 1u);  // nothing was created or deleted
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_parameters_returns_pod_parameters
// MAAS: api/tests/test_pods.py::TestPodsAPIAdmin::test_create_lxd_default_project
// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_power_parameters
// MAAS: models/tests/test_bmc.py::TestBMC::test_get_power_params
TEST_F(ParityTest, ParametersAreWhatThePodWasCreatedWithSecretsIncludedAndLxdProjectDefaults) {
  const json virsh = Body(Admin("POST", "pods/", "",
                                {{"type", "virsh"},
                                 {"power_address", "qemu+ssh://u@10.0.0.2/system"},
                                 {"power_pass", "pass-1"}}));
  EXPECT_EQ(Body(Admin("GET", "pods/" + virsh["id"].dump() + "/", "op=parameters")),
            (json{{"power_address", "qemu+ssh://u@10.0.0.2/system"}, {"power_pass", "pass-1"}}));
  const json lxd =
      Body(Admin("POST", "pods/", "",
                 {{"type", "lxd"}, {"power_address", "10.0.0.3"}, {"password", "sekret"}}));
  EXPECT_EQ(Body(Admin("GET", "pods/" + lxd["id"].dump() + "/", "op=parameters"))["project"],
            "default");
}

// --- api/tests/test_pods.py and forms/tests/test_pods.py: create and update (PodForm) ---

// MAAS: api/tests/test_pods.py::TestPodsAPIAdmin::test_create_creates_pod
// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_provided_information
// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_tags
// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_overcommit
TEST_F(ParityTest, CreateTakesTypeAddressTagsAndRatiosAndAlwaysAddsPodConsoleLogging) {
  const auto res = Admin("POST", "pods/", "",
                         {{"type", "virsh"},
                          {"power_address", "qemu+ssh://u@10.0.0.2/system"},
                          {"tags", "tag-a,tag-b,pod-console-logging"},
                          {"cpu_over_commit_ratio", "3"},
                          {"memory_over_commit_ratio", "0"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const json pod = Body(res);
  EXPECT_EQ(pod["type"], "virsh");
  EXPECT_EQ(pod["tags"], (json{"tag-a", "tag-b", "pod-console-logging"}));
  EXPECT_EQ(pod["cpu_over_commit_ratio"], 3.0);
  EXPECT_EQ(pod["memory_over_commit_ratio"], 0.0);
  EXPECT_EQ(pod["total"]["cores"], 0);  // before MAAS has processed the host's commissioning data
  EXPECT_EQ(
      Tags(Body(Admin("POST", "pods/", "", {{"type", "lxd"}, {"power_address", "10.0.0.9"}}))),
      std::set<std::string>{"pod-console-logging"});
}

// MAAS: models/tests/test_bmc.py::TestPod::test_create_with_no_pool
// MAAS: models/tests/test_bmc.py::TestPod::test_create_with_no_over_commit_ratios
TEST_F(ParityTest, CreateWithoutAPoolOrRatiosTakesTheDefaultPoolAndRatiosOfOne) {
  const json pod = Body(
      Admin("POST", "pods/", "", {{"type", "virsh"}, {"power_address", "qemu+ssh://d/system"}}));
  EXPECT_EQ(pod["pool"]["id"], 0);
  EXPECT_EQ(pod["pool"]["name"], "default");
  EXPECT_EQ(pod["cpu_over_commit_ratio"], 1.0);
  EXPECT_EQ(pod["memory_over_commit_ratio"], 1.0);
}

// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_overcommit
TEST_F(ParityTest, OverCommitRatiosOutsideZeroToTenAreFormErrors) {
  const auto res = Admin("POST", "pods/", "",
                         {{"type", "virsh"},
                          {"power_address", "qemu+ssh://x/system"},
                          {"cpu_over_commit_ratio", "11"},
                          {"memory_over_commit_ratio", "much"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(Body(res),
            (json{{"cpu_over_commit_ratio", {"Ensure this value is less than or equal to 10."}},
                  {"memory_over_commit_ratio", {"Enter a number."}}}));
}

// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_name
// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_zone
// MAAS: forms/tests/test_pods.py::TestPodForm::test_creates_pod_with_pool
// MAAS: api/tests/test_pods.py::TestPodsAPIAdmin::test_create_creates_pod_with_default_resource_pool
// MAAS: models/tests/test_bmc.py::TestPod::test_create_with_pool
TEST_F(ParityTest, CreateTakesANameAndAZoneAndPoolByName) {
  fakes::FakeHostSpec other = PodWithHints("other");
  other.zone = "zone-x";
  other.resource_pool = "pool-x";
  AddPod(other);  // makes the zone and the pool exist
  const json pod = Body(Admin("POST", "pods/", "",
                              {{"type", "virsh"},
                               {"power_address", "qemu+ssh://x/system"},
                               {"name", "pod-n"},
                               {"zone", "zone-x"},
                               {"pool", "pool-x"}}));
  EXPECT_EQ(pod["name"], "pod-n");
  EXPECT_EQ(pod["zone"]["name"], "zone-x");
  EXPECT_EQ(pod["pool"]["name"], "pool-x");
  const auto bad = Admin("POST", "pods/", "",
                         {{"type", "virsh"},
                          {"power_address", "qemu+ssh://y/system"},
                          {"zone", "nowhere"},
                          {"pool", "none"}});
  EXPECT_EQ(bad.status, 400);
  const std::string invalid =
      "Select a valid choice. That choice is not one of the available choices.";
  EXPECT_EQ(Body(bad), (json{{"zone", {invalid}}, {"pool", {invalid}}}));
}

// MAAS: api/tests/test_pods.py::TestPodsAPIAdmin::test_create_duplicate_provides_nice_error
// MAAS: forms/tests/test_pods.py::TestPodForm::test_prevents_duplicate_pod
TEST_F(ParityTest, ASecondPodWithTheSameTypeAndAddressIs400NamingTheFirst) {
  const core::FormData info = {
      {"type", "virsh"}, {"power_address", "qemu+ssh://u@10.0.0.2/system"}, {"name", "first"}};
  ASSERT_EQ(Admin("POST", "pods/", "", info).status, 200);
  core::FormData again = {{"type", "virsh"},
                          {"power_address", "qemu+ssh://u@10.0.0.2/system"},
                          {"power_pass", "other"},
                          {"name", "second"}};
  const auto res = Admin("POST", "pods/", "", again);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, "Pod first with type and parameters already exist.");
}

// MAAS: forms/tests/test_pods.py::TestPodForm::test_contains_limited_set_of_fields
TEST_F(ParityTest, CreateNeedsATypeOfAKnownDriverAndIgnoresOtherFields) {
  EXPECT_EQ(Body(Admin("POST", "pods/", "", {{"power_address", "x"}})),
            (json{{"type", {"This field is required."}}}));
  EXPECT_EQ(Body(Admin("POST", "pods/", "", {{"type", "xen"}, {"power_address", "x"}})),
            (json{{"type", {"Select a valid choice. xen is not one of the available choices."}}}));
  const auto res = Admin("POST", "pods/", "",
                         {{"type", "virsh"},
                          {"power_address", "qemu+ssh://z/system"},
                          {"cores", "64"},
                          {"architectures", "ppc64el/generic"}});
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(Body(res)["total"]["cores"], 0);
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_PUT_updates
// MAAS: forms/tests/test_pods.py::TestPodForm::test_updates_existing_pod
TEST_F(ParityTest, PutUpdatesNameTagsZonePoolAndPowerParameters) {
  fakes::FakeHostSpec other = PodWithHints("other");
  other.zone = "zone-x";
  other.resource_pool = "pool-x";
  AddPod(other);
  const json created = Body(
      Admin("POST", "pods/", "", {{"type", "virsh"}, {"power_address", "qemu+ssh://old/system"}}));
  const std::string path = "pods/" + created["id"].dump() + "/";
  const auto res = Admin("PUT", path, "",
                         {{"name", "pod-new"},
                          {"tags", "tag-a,tag-b,pod-console-logging"},
                          {"power_address", "qemu+ssh://1.2.3.4/system"},
                          {"power_pass", "pass-x"},
                          {"zone", "zone-x"},
                          {"pool", "pool-x"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const json pod = Body(res);
  EXPECT_EQ(pod["name"], "pod-new");
  EXPECT_EQ(pod["zone"]["name"], "zone-x");
  EXPECT_EQ(pod["pool"]["name"], "pool-x");
  EXPECT_EQ(Tags(pod), (std::set<std::string>{"tag-a", "tag-b", "pod-console-logging"}));
  EXPECT_EQ(Body(Admin("GET", path, "op=parameters")),
            (json{{"power_address", "qemu+ssh://1.2.3.4/system"}, {"power_pass", "pass-x"}}));
  EXPECT_EQ(Body(Admin("PUT", path, "", {{"type", "lxd"}})),
            (json{{"type",
                   {"Cannot change the type of a pod. Delete and re-create the pod with a "
                    "different type."}}}));
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_PUT_update_minimal
// MAAS: forms/tests/test_pods.py::TestPodForm::test_updates_existing_pod_minimal
// MAAS: forms/tests/test_pods.py::TestPodForm::test_updates_existing_pod_keeps_tags
TEST_F(ParityTest, PutWithOnlyANameKeepsEverythingElse) {
  const json created = Body(Admin("POST", "pods/", "",
                                  {{"type", "virsh"},
                                   {"power_address", "qemu+ssh://1.2.3.4/system"},
                                   {"power_pass", "pass"},
                                   {"tags", "foo,bar"},
                                   {"cpu_over_commit_ratio", "4"}}));
  const std::string path = "pods/" + created["id"].dump() + "/";
  const json pod = Body(Admin("PUT", path, "", {{"name", "pod-renamed"}}));
  EXPECT_EQ(pod["name"], "pod-renamed");
  EXPECT_EQ(Tags(pod), (std::set<std::string>{"foo", "bar", "pod-console-logging"}));
  EXPECT_EQ(pod["cpu_over_commit_ratio"], 4.0);
  EXPECT_EQ(pod["zone"], created["zone"]);
  EXPECT_EQ(Body(Admin("GET", path, "op=parameters")),
            (json{{"power_address", "qemu+ssh://1.2.3.4/system"}, {"power_pass", "pass"}}));
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_PUT_update_updates_pod_default_macvlan_mode
// MAAS: forms/tests/test_pods.py::TestPodForm::test_updates_default_macvlan_mode
// MAAS: models/tests/test_bmc.py::TestPodDefaultMACVlanMode::test_default_default_macvlan_mode_is_None
// MAAS: models/tests/test_bmc.py::TestPodDefaultMACVlanMode::test_allows_default_macvlan_mode
TEST_F(ParityTest, DefaultMacvlanModeIsNullUntilAFormSaveThenAChoiceOrEmpty) {
  const int64_t id = AddPod(PodWithHints());
  const std::string path = "pods/" + std::to_string(id) + "/";
  EXPECT_TRUE(Pod(id)["default_macvlan_mode"].is_null());
  EXPECT_EQ(
      Body(Admin("PUT", path, "", {{"default_macvlan_mode", "vepa"}}))["default_macvlan_mode"],
      "vepa");
  EXPECT_EQ(Body(Admin("PUT", path, "", {{"name", "renamed"}}))["default_macvlan_mode"], "");
  EXPECT_EQ(Body(Admin("PUT", path, "", {{"default_macvlan_mode", "loud"}})),
            (json{{"default_macvlan_mode",
                   {"Select a valid choice. loud is not one of the available choices."}}}));
}

// MAAS: forms/tests/test_pods.py::TestPodForm::test_updates_default_storage_pool
TEST_F(ParityTest, PutChoosesTheDefaultStoragePoolAmongThePodsOwn) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.storage_pools.push_back({"pool-b", "lvm", "", 50'000'000'000, 0});
  const int64_t id = AddPod(spec);
  const json pod = Body(
      Admin("PUT", "pods/" + std::to_string(id) + "/", "", {{"default_storage_pool", "pool-b"}}));
  EXPECT_EQ(pod["storage_pools"][0]["default"], false);
  EXPECT_EQ(pod["storage_pools"][1]["default"], true);
  EXPECT_EQ(Body(Admin("PUT", "pods/" + std::to_string(id) + "/", "",
                       {{"default_storage_pool", "elsewhere"}})),
            (json{{"default_storage_pool",
                   {"Select a valid choice. That choice is not one of the available choices."}}}));
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_refresh_discovers_syncs_and_returns_pod
TEST_F(ParityTest, RefreshAnswersThePod) {
  const int64_t id = AddPod(PodWithHints());
  const auto res = Admin("POST", "pods/" + std::to_string(id) + "/", "op=refresh");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(Body(res)["total"]["cores"], 12);
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_add_tag_to_pod
// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_remove_tag_from_pod
TEST_F(ParityTest, AddAndRemoveTagAnswerThePodAndCheckTheTagBeforeThePod) {
  const int64_t id = AddPod(PodWithHints());
  const std::string path = "pods/" + std::to_string(id) + "/";
  EXPECT_TRUE(Tags(Body(Admin("POST", path, "op=add_tag", {{"tag", "tag-x"}}))).contains("tag-x"));
  EXPECT_EQ(Body(Admin("POST", path, "op=add_tag", {{"tag", "tag-x"}}))["tags"].size(),
            2u);  // no duplicate
  EXPECT_FALSE(
      Tags(Body(Admin("POST", path, "op=remove_tag", {{"tag", "tag-x"}}))).contains("tag-x"));
  EXPECT_EQ(Admin("POST", path, "op=remove_tag", {{"tag", "never-there"}}).status, 200);
  const auto missing = Admin("POST", "pods/999/", "op=add_tag");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body, "No provided tag!");
  const auto comma = Admin("POST", "pods/999/", "op=add_tag", {{"tag", "a,b"}});
  EXPECT_EQ(comma.body, "Tag may not contain a \",\".");
  EXPECT_EQ(Admin("POST", "pods/999/", "op=add_tag", {{"tag", "a"}}).body,
            "No Pod matches the given query.");
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_DELETE_calls_async_delete
// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_DELETE_calls_async_delete_decompose
// MAAS: models/tests/test_bmc.py::TestPodDelete::test_deletes_machines_and_pod_no_decompose
// MAAS: models/tests/test_bmc.py::TestPodDelete::test_decomposes_and_deletes_machines_and_pod
// MAAS: models/tests/test_bmc.py::TestPodDelete::test_delete_async_simply_deletes_empty_pod
TEST_F(ParityTest, DeletingAPodIs204AndItsMachinesLeaveMaasWithOrWithoutDecompose) {
  const int64_t empty = AddPod(PodWithHints("empty"));
  EXPECT_EQ(Admin("DELETE", "pods/" + std::to_string(empty) + "/").status, 204);
  EXPECT_EQ(Admin("GET", "pods/" + std::to_string(empty) + "/").status, 404);
  for (const char* query : {"", "decompose=True"}) {
    const int64_t id = AddPod(PodWithHints(std::string("pod-") + query));
    std::vector<std::string> machines;
    for (int i = 0; i < 3; ++i) machines.push_back(SystemId(Compose(id)));
    const auto res = Admin("DELETE", "pods/" + std::to_string(id) + "/", query);
    EXPECT_EQ(res.status, 204);
    EXPECT_EQ(res.body, "");
    for (const auto& m : machines)
      EXPECT_EQ(Admin("GET", "machines/" + m + "/").status, 404) << query;
    EXPECT_EQ(Admin("GET", "pods/" + std::to_string(id) + "/").status, 404);
  }
}

// --- compose: api/tests/test_pods.py and forms/tests/test_pods.py (ComposeMachineForm) ---

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_compose_not_allowed_on_none_composable_pod
TEST_F(ParityTest, ComposeOnAPodWithoutTheComposableCapabilityIs400) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.composable = false;
  const int64_t id = AddPod(spec);
  EXPECT_EQ(Pod(id)["capabilities"].size(), 3u);
  const auto res = Compose(id, {{"cores", "999"}});  // refused before the form is read
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, "VM host does not support composability.");
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_compose_composes_with_defaults
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_uses_all_initial_values
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_with_commissioning
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_sets_up_pool_default
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_uses_pod_pool
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_pod_pool
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_creates_virtualmachine
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_sets_pod_tags_on_machine
TEST_F(ParityTest, ComposeWithNoParametersMakesMaasDefaultMachineInThePodsPoolAndDefaultZone) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.resource_pool = "pod-pool";
  spec.zone = "pod-zone";
  const int64_t id = AddPod(spec);
  const auto res = Compose(id);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Keys(Body(res)), (std::set<std::string>{"resource_uri", "system_id"}));
  EXPECT_EQ(Body(res)["resource_uri"], "/MAAS/api/2.0/machines/" + SystemId(res) + "/");
  const json m = Machine(SystemId(res));
  EXPECT_EQ(m["cpu_count"], 1);
  EXPECT_EQ(m["memory"], 2048);
  EXPECT_EQ(m["architecture"], "amd64/generic");
  ASSERT_EQ(m["blockdevice_set"].size(), 1u);
  EXPECT_EQ(m["blockdevice_set"][0]["size"], 8'000'000'000);
  EXPECT_EQ(m["pool"]["name"], "pod-pool");
  EXPECT_EQ(m["zone"]["name"], "default");
  EXPECT_EQ(m["status_name"], "Commissioning");
  EXPECT_EQ(m["domain"]["name"], "maas");
  EXPECT_EQ(m["tag_names"], (json{"pod-console-logging"}));  // the pod's tags
  const json pod = Pod(id);
  EXPECT_EQ(pod["used"], (json{{"cores", 1}, {"memory", 2048}, {"local_storage", 8'000'000'000}}));
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_compose_composes_with_pool
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_sets_resource_pool
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_sets_domain_and_zone
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_sets_zone
TEST_F(ParityTest, ComposeTakesPoolZoneAndDomainByIdNotName) {
  fakes::FakeHostSpec other = PodWithHints("other");
  other.zone = "zone-x";
  other.resource_pool = "pool-x";
  const int64_t with_names = AddPod(other);
  const int64_t id = AddPod(PodWithHints());
  const json ref = Pod(with_names);
  const auto res = Compose(id, {{"pool", ref["pool"]["id"].dump()},
                                {"zone", ref["zone"]["id"].dump()},
                                {"domain", "0"},
                                {"skip_commissioning", "true"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const json m = Machine(SystemId(res));
  EXPECT_EQ(m["pool"]["name"], "pool-x");
  EXPECT_EQ(m["zone"]["name"], "zone-x");
  const auto by_name = Compose(id, {{"pool", "pool-x"}, {"zone", "zone-x"}, {"domain", "maas"}});
  EXPECT_EQ(by_name.status, 400);
  const std::string invalid =
      "Select a valid choice. That choice is not one of the available choices.";
  EXPECT_EQ(Body(by_name), (json{{"pool", {invalid}}, {"zone", {invalid}}, {"domain", {invalid}}}));
}

// MAAS: api/tests/test_pods.py::TestPodAPIAdmin::test_compose_raises_error_when_to_large_request
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_sets_up_fields_based_on_pod
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_sets_up_fields_based_on_pod_no_max_cpu_speed
TEST_F(ParityTest, ComposeFieldLimitsComeFromTheHintsWithMaasTexts) {
  const int64_t id = AddPod(PodWithHints());
  EXPECT_EQ(
      Body(Compose(
          id,
          {{"cores", "13"}, {"memory", "8193"}, {"cpu_speed", "299"}, {"architecture", "foo"}})),
      (json{
          {"cores", {"Ensure this value is less than or equal to 12."}},
          {"memory", {"Ensure this value is less than or equal to 8192."}},
          {"cpu_speed", {"Ensure this value is greater than or equal to 300."}},
          {"architecture", {"Select a valid choice. foo is not one of the available choices."}}}));
  EXPECT_EQ(Body(Compose(id, {{"cores", "2.5"}, {"memory", "1023"}})),
            (json{{"cores", {"Enter a whole number."}},
                  {"memory", {"Ensure this value is greater than or equal to 1024."}}}));
  EXPECT_EQ(Compose(id, {{"cpu_speed", "999999"}, {"cores", "2.0"}}).status,
            200);  // no hinted speed: no cap
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_uses_passed_values
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_handles_no_tags_in_storage
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_creates_virtualmachine_with_hugepages
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_with_disks_creates_vmdisk
TEST_F(ParityTest, ComposeUsesThePassedValuesAndDisksInDecimalGb) {
  const int64_t id = AddPod(PodWithHints());
  const auto res = Compose(id, {{"cores", "3"},
                                {"memory", "4096"},
                                {"architecture", "arm64/generic"},
                                {"hugepages_backed", "yes"},
                                {"storage", "root:10,extra:1.5"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const json m = Machine(SystemId(res));
  EXPECT_EQ(m["cpu_count"], 3);
  EXPECT_EQ(m["memory"], 4096);
  EXPECT_EQ(m["architecture"], "arm64/generic");
  ASSERT_EQ(m["blockdevice_set"].size(), 2u);
  EXPECT_EQ(m["blockdevice_set"][0]["size"], 10'000'000'000);
  EXPECT_EQ(m["blockdevice_set"][1]["size"], 1'500'000'000);
  EXPECT_EQ(Pod(id)["used"]["memory"], 4096);  // hugepages-backed memory is used memory
  EXPECT_EQ(Body(Compose(id, {{"storage", "root:10 (ssd)"}})),
            (json{{"storage", {"Malformed storage constraint, \"root:10 (ssd)\"."}}}));
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_pinned_cores
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_creates_virtualmachine_pinned_cores
TEST_F(ParityTest, PinnedCoresMakeAnLxdVmOfThatManyCoresAndCountThemAsUsed) {
  const int64_t id = AddPod(PodWithHints());
  const auto res =
      Compose(id, {{"pinned_cores", "2"}, {"pinned_cores", "0"}, {"pinned_cores", "1"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Machine(SystemId(res))["cpu_count"], 3);
  EXPECT_EQ(Pod(id)["used"]["cores"], 3);
  // The over-commit check counts `cores` (1 by default), not the pinned ones: 3 used + 1 <= 12.
  fakes::FakeHostSpec small = PodWithHints("small");
  small.cores = 2;
  const int64_t s = AddPod(small);
  EXPECT_EQ(Compose(s, {{"pinned_cores", "0"}, {"pinned_cores", "1"}}).status, 200);
  EXPECT_EQ(Pod(s)["used"]["cores"], 2);
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_pinned_cores (virsh)
TEST_F(ParityTest, VirshIgnoresPinning) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.type = "virsh";
  const int64_t id = AddPod(spec);
  const auto res =
      Compose(id, {{"pinned_cores", "0"}, {"pinned_cores", "1"}, {"pinned_cores", "2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Machine(SystemId(res))["cpu_count"], 1);
  EXPECT_EQ(Pod(id)["used"]["cores"], 1);
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_pinned_cores_invalid
TEST_F(ParityTest, APinnedCoreTheHostDoesNotHaveIsTheFirstInvalidChoice) {
  const int64_t id = AddPod(PodWithHints());
  const auto res =
      Compose(id, {{"pinned_cores", "0"}, {"pinned_cores", "789"}, {"pinned_cores", "12"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(Body(res),
            (json{{"pinned_cores",
                   {"Select a valid choice. 789 is not one of the available choices."}}}));
  EXPECT_EQ(Body(Compose(id, {{"pinned_cores", "0,1"}})),
            (json{{"pinned_cores",
                   {"Select a valid choice. 0,1 is not one of the available choices."}}}));
  EXPECT_EQ(Pod(id)["used"]["cores"], 0);
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_duplicated_hostname
TEST_F(ParityTest, AHostnameAnyNodeHasIsADuplicateTheVmHostsOwnMachineIncluded) {
  const int64_t id = AddPod(PodWithHints());
  ASSERT_EQ(Compose(id, {{"hostname", "test"}}).status, 200);
  EXPECT_EQ(Body(Compose(id, {{"hostname", "test"}})),
            (json{{"hostname", {"Node with hostname \"test\" already exists"}}}));
  EXPECT_EQ(Body(Compose(id, {{"hostname", "pod-1"}})),
            (json{{"hostname", {"Node with hostname \"pod-1\" already exists"}}}));
  EXPECT_EQ(Body(Compose(id, {{"hostname", "test_x"}, {"cores", "0"}})).size(),
            2u);  // all fields' errors
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_hostname_with_underscore
TEST_F(ParityTest, HostnamesAreValidatedWithValidateHostnamesTexts) {
  const int64_t id = AddPod(PodWithHints());
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"testing_hostname", {"Host label cannot contain underscore: 'testing_hostname'."}},
      {"a_b.example", {"Host label cannot contain underscore: 'a_b'."}},
      {"ab.ex_ample", {"Label contains disallowed characters: 'ex_ample'."}},
      {"-ab", {"Label cannot start or end with hyphen: '-ab'."}},
      {"ab-", {"Label cannot start or end with hyphen: 'ab-'."}},
      {"abc..def", {"DNS name contains an empty label."}},
      {"a!b", {"Label contains disallowed characters: 'a!b'."}},
      {"a b", {"Label contains disallowed characters: 'a b'."}},
      {"h\xc3\xa9llo", {"Label contains disallowed characters: 'h\xc3\xa9llo'."}},
      {"a\nb", {"Label contains disallowed characters: 'a\\nb'."}},
      {"a\r\nb", {"Label contains disallowed characters: 'a\\r\\nb'."}},
      {std::string("a\0b", 3),
       {"Label contains disallowed characters: 'a\\x00b'.", "Null characters are not allowed."}},
      {std::string(64, 'a'),
       {"Label is too long: '" + std::string(64, 'a') + "'.  Maximum allowed is 63 characters."}},
      {std::string(256, 'a'), {"Hostname is too long.  Maximum allowed is 255 characters."}},
      {"it's", {"Label contains disallowed characters: \"it's\"."}},
  };
  for (const auto& [hostname, errors] : cases) {
    const auto res = Compose(id, {{"hostname", hostname}});
    EXPECT_EQ(res.status, 400) << hostname;
    EXPECT_EQ(Body(res), (json{{"hostname", errors}})) << hostname;
  }
  EXPECT_EQ(Pod(id)["used"]["cores"], 0);
  // Stripped first; an empty hostname gets a petname; a name in the default domain is its host
  // part.
  EXPECT_EQ(Machine(SystemId(Compose(id, {{"hostname", "  spaced  "}})))["hostname"], "spaced");
  EXPECT_EQ(Compose(id, {{"hostname", "   "}}).status, 200);
  EXPECT_EQ(Machine(SystemId(Compose(id, {{"hostname", "named.maas"}})))["hostname"], "named");
  EXPECT_EQ(Body(Compose(id, {{"hostname", "named.elsewhere"}})),
            (json{{"hostname", {"Nonexistant domain."}}}));
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_without_commissioning
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_with_skip_commissioning_passed
TEST_F(ParityTest, SkipCommissioningIsADjangoBooleanAndMakesTheMachineReady) {
  const int64_t id = AddPod(PodWithHints());
  EXPECT_EQ(Machine(SystemId(Compose(id, {{"skip_commissioning", "true"}})))["status_name"],
            "Ready");
  EXPECT_EQ(Machine(SystemId(Compose(id, {{"skip_commissioning", "yes please"}})))["status_name"],
            "Ready");
  EXPECT_EQ(Machine(SystemId(Compose(id, {{"skip_commissioning", "False"}})))["status_name"],
            "Commissioning");
  EXPECT_EQ(Machine(SystemId(Compose(id, {{"skip_commissioning", "0"}})))["status_name"],
            "Commissioning");
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_check_over_commit_ratios_raises_error_for_cores
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_check_over_commit_ratios_raises_error_for_memory
TEST_F(ParityTest, OverCommitIs503WithBothMessagesJoinedAndNothingComposed) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.cores = 2;
  spec.memory = 2048;
  const int64_t id = AddPod(spec);
  ASSERT_EQ(Compose(id, {{"cores", "2"}}).status, 200);
  const auto cores = Compose(id);
  EXPECT_EQ(cores.status, 503);
  EXPECT_EQ(cores.body,
            "Unable to compose KVM instance in 'pod-1'. CPU overcommit ratio is 1.0 and there are "
            "0 available "
            "resources; 1 requested.Memory overcommit ratio is 1.0 and there are 0 available "
            "resources; 2048 "
            "requested.");
  EXPECT_EQ(Pod(id)["used"]["cores"], 2);
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_fails_no_dhcp_for_vlan
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_fails_for_no_matching_network
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_by_subnet
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_by_space
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_by_spaces
TEST_F(ParityTest, InterfacesMatchTheHostsNetworksOrAre400TextAfterTheOverCommitCheck) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.networks = {{"eth0", "fabric-0", 0, "dmz", "10.0.0.0/24", true},
                   {"storage_if", "fabric-1", 0, "storage", "192.168.100.0/24", false}};
  const int64_t id = AddPod(spec);
  EXPECT_EQ(Compose(id, {{"interfaces", "0:subnet=10.0.0.0/24"}}).status, 200);
  EXPECT_EQ(Compose(id, {{"interfaces", "eth0:space=dmz"}}).status, 200);
  EXPECT_EQ(Compose(id, {{"interfaces", "eth0:space=dmz;eth1:space=storage"}}).status, 200);
  const auto no_match = Compose(id, {{"interfaces", "eth0:subnet=172.16.0.0/16"}});
  EXPECT_EQ(no_match.status, 400);
  EXPECT_EQ(no_match.body, "This pod does not match the specified networks.");
  const auto no_dhcp = Compose(id, {{"interfaces", "eth0:space=storage"}});
  EXPECT_EQ(no_dhcp.body,
            "MAAS DHCP must be enabled on at least one VLAN attached to the specified interfaces.");
  fakes::FakeHostSpec unknown = PodWithHints("no-host");
  unknown.machine = std::nullopt;
  EXPECT_EQ(Compose(AddPod(unknown), {{"interfaces", "eth0:space=dmz"}}).body,
            "Pod must be on a known host if interfaces are specified.");
  fakes::FakeHostSpec full = spec;
  full.name = "full";
  full.cores = 1;
  const int64_t f = AddPod(full);
  ASSERT_EQ(Compose(f).status, 200);
  EXPECT_EQ(Compose(f, {{"interfaces", "eth0:subnet=172.16.0.0/16"}}).status, 503);
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_with_empty_interfaces_input
TEST_F(ParityTest, AnEmptyOrOneCharacterInterfacesValueIsTheDefaultNic) {
  const int64_t id = AddPod(PodWithHints());
  EXPECT_EQ(Compose(id, {{"interfaces", ""}}).status, 200);
  EXPECT_EQ(Compose(id, {{"interfaces", "x"}}).status, 200);
  EXPECT_EQ(Body(Compose(id, {{"interfaces", "eth0:"}})),
            (json{{"interfaces", {"Malformed key/value pair in constraint: ''"}}}));
  EXPECT_EQ(Body(Compose(id, {{"interfaces", "a:space=x;a:space=y"}})),
            (json{{"interfaces", {"Constraint label defined more than once: 'a'"}}}));
}

// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_with_interfaces_with_unreserved_ip
// MAAS: models/tests/test_bmc.py::TestPod::test_create_machine_allocates_requested_ip_addresses
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_compose_with_interfaces_with_reserved_ip_fails
// MAAS: forms/tests/test_pods.py::TestComposeMachineForm::test_get_machine_with_interfaces_with_unreserved_ip
TEST_F(ParityTest, AnIpAskedForIsTheMachinesAndAskingForItAgainIs404) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.networks = {{"eth0", "fabric-0", 0, "dmz", "10.0.0.0/24", true}};
  const int64_t id = AddPod(spec);
  const auto res = Compose(id, {{"interfaces", "eth0:ip=10.0.0.5"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Machine(SystemId(res))["ip_addresses"], (json{"10.0.0.5"}));
  const json used = Pod(id)["used"];
  const auto again = Compose(id, {{"interfaces", "eth0:ip=10.0.0.5"}});
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.body, "The IP address 10.0.0.5 is already in use.");
  EXPECT_EQ(Pod(id)["used"], used);  // the failed compose left nothing behind
  // Once the machine is gone, its address is free again.
  ASSERT_EQ(Admin("DELETE", "machines/" + SystemId(res) + "/").status, 204);
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(Compose(id, {{"interfaces", "eth0:ip=10.0.0.5"}}).status, 200);
}

// --- models/tests/test_bmc.py: what GET vm-hosts/ shows of the accounting ---

// MAAS: models/tests/test_bmc.py::TestPod::test_sync_creates_vms_all_projects
// MAAS: models/tests/test_bmc.py::TestPod::test_sync_creates_vmdisk_other_project
// (and models/virtualmachine.py get_vm_host_used_resources: only the tracked project counts)
TEST_F(ParityTest, VmsOfAnotherLxdProjectAreNotUsedResourcesNorMachines) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.projects = {"other"};
  spec.existing_vms = {{"theirs", "other", 4, 4096, {{"pool-a", 10'000'000'000}}},
                       {"ours", "", 2, 1024, {{"pool-a", 5'000'000'000}}}};
  const int64_t id = AddPod(spec);
  const json pod = Pod(id);
  EXPECT_EQ(pod["used"], (json{{"cores", 2}, {"memory", 1024}, {"local_storage", 5'000'000'000}}));
  EXPECT_EQ(pod["available"],
            (json{{"cores", 10}, {"memory", 7168}, {"local_storage", 95'000'000'000}}));
  EXPECT_EQ(pod["storage_pools"][0]["used"], 5'000'000'000);
  const json machines = Body(Admin("GET", "machines/"));
  for (const auto& m : machines) EXPECT_NE(m["hostname"], "theirs");
}

// MAAS: models/tests/test_bmc.py::TestPod::test_create_with_over_commit_ratios
// (and api/pods.py: available = total - used, no ratio, unclamped)
TEST_F(ParityTest, AvailableIsTotalMinusUsedWithoutTheRatioAndMayGoNegative) {
  fakes::FakeHostSpec spec = PodWithHints();
  spec.cores = 2;
  spec.cpu_over_commit_ratio = 4;
  const int64_t id = AddPod(spec);
  ASSERT_EQ(Compose(id, {{"cores", "2"}}).status, 200);
  ASSERT_EQ(Compose(id, {{"cores", "2"}}).status, 200);
  EXPECT_EQ(Pod(id)["available"]["cores"], -2);
  EXPECT_EQ(Pod(id)["cpu_over_commit_ratio"], 4.0);
}

// MAAS: api/tests/test_machine.py::TestMachineAPI::test_DELETE_deletes_machine
// (a composed machine is decomposed first: models/node.py Machine.delete)
TEST_F(ParityTest, DeletingAComposedMachineFreesItsResourcesOnceDecomposed) {
  const int64_t id = AddPod(PodWithHints());
  const std::string m = SystemId(Compose(id, {{"cores", "4"}, {"storage", "root:20"}}));
  ASSERT_EQ(Pod(id)["used"]["cores"], 4);
  ASSERT_EQ(Admin("DELETE", "machines/" + m + "/").status, 204);
  clock_.Advance(core::Duration::Minutes(1));
  EXPECT_EQ(Pod(id)["used"], (json{{"cores", 0}, {"memory", 0}, {"local_storage", 0}}));
  EXPECT_EQ(Admin("GET", "machines/" + m + "/").status, 404);
}

// MAAS: api/tests/test_machine.py::TestMachineAPI::test_pod_DELETE_delete_without_force
// MAAS: api/tests/test_machine.py::TestMachineAPI::test_DELETE_delete_with_force
TEST_F(ParityTest, TheVmHostsOwnMachineMustOutliveItsVmHostUnlessForced) {
  const int64_t id = AddPod(PodWithHints());
  const std::string host = Pod(id)["host"]["system_id"];
  const std::string vm = SystemId(Compose(id));
  EXPECT_EQ(Admin("GET", "machines/" + host + "/").status, 200);
  const auto refused = Admin("DELETE", "machines/" + host + "/");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body, "The following VM hosts must be removed first: pod-1");
  EXPECT_EQ(Admin("POST", "machines/" + host + "/", "op=release").body,
            "The following VM hosts must be removed first: pod-1");
  EXPECT_EQ(Admin("DELETE", "machines/" + host + "/", "force=true").status, 204);
  EXPECT_EQ(Admin("GET", "machines/" + host + "/").status, 404);
  EXPECT_EQ(Admin("GET", "pods/" + std::to_string(id) + "/").status, 404);
  EXPECT_EQ(Admin("GET", "machines/" + vm + "/").status, 404);
}

// MAAS: models/tests/test_bmc.py::TestPodManager::test_get_pod_or_404_raises_404
TEST_F(ParityTest, OpsOnAMissingPodAre404NoPodMatches) {
  for (const auto& res :
       {Admin("POST", "pods/999/", "op=compose"), Admin("GET", "pods/999/", "op=parameters"),
        Admin("POST", "pods/999/", "op=refresh"), Admin("PUT", "pods/999/", "", {{"name", "x"}}),
        Admin("DELETE", "pods/999/")}) {
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.body, "No Pod matches the given query.");
  }
}

}  // namespace
}  // namespace vmsim::parity
