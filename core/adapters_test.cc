// Pins the seed's adapters (pkg/maas/client/integration.go, reference 8.4) as corrected for
// real MAAS, the single provider-ID format, and client-side VM host filtering.
#include "core/adapters.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/lxd_types.h"
#include "core/types.h"

namespace vmsim::core {
namespace {

VMHost LxdHost() {
  VMHost h;
  h.id = 12;
  h.name = "lxd-host-1";
  h.type = "lxd";
  h.tags = {"pod-console-logging", "lxd", "compute"};
  h.architectures = {"amd64/generic"};
  h.capabilities = {"composable", "dynamic_local_storage", "over_commit", "storage_pools"};
  h.total = {16, 32768, 1'000'000'000'000};
  h.used = {4, 8192, 200'999'999'999};
  h.available = {12, 24576, 799'000'000'001};
  h.zone = {2, "zone-a", "", "/MAAS/api/2.0/zones/zone-a/"};
  h.pool = {0, "default", "Default pool", "/MAAS/api/2.0/resourcepool/0/"};
  h.storage_pools = {
      {"default", "default", "zfs", "Unknown", 600'000'000'000, 0, 600'000'000'000, true},
      {"ssd-pool", "ssd-pool", "dir", "/srv/ssd", 400'000'000'000, 0, 400'000'000'000, false},
  };
  h.host_system_id = "abc123";
  h.resource_uri = "/MAAS/api/2.0/vm-hosts/12/";
  return h;
}

// --- VMHostsToLXDHosts ----------------------------------------------------------------------

TEST(VMHostsToLXDHosts, IdentityFieldsComeFromMaas) {
  const auto hosts = VMHostsToLXDHosts({LxdHost()});
  ASSERT_EQ(hosts.size(), 1u);
  const lxd::LXDHost& l = hosts[0];
  EXPECT_EQ(l.vm_host_id, "12");  // MAAS's numeric id, as a decimal string
  EXPECT_EQ(l.host_system_id, "abc123");
  EXPECT_EQ(l.hostname, "lxd-host-1");
  EXPECT_EQ(l.availability_zone, "zone-a");
  EXPECT_EQ(l.resource_pool, "default");
  EXPECT_EQ(l.tags, (std::vector<std::string>{"pod-console-logging", "lxd", "compute"}));
}

TEST(VMHostsToLXDHosts, HostUnknownToMaasHasEmptySystemId) {
  VMHost h = LxdHost();
  h.host_system_id.reset();
  EXPECT_EQ(VMHostsToLXDHosts({h})[0].host_system_id, "");
}

TEST(VMHostsToLXDHosts, MemoryStaysMiBAndDiskIsWholeGBRoundedDown) {
  const lxd::LXDHost l = VMHostsToLXDHosts({LxdHost()})[0];
  EXPECT_EQ(l.available, (lxd::ResourceInfo{12, 24576, 799}));  // 799.000000001 GB
  EXPECT_EQ(l.used, (lxd::ResourceInfo{4, 8192, 200}));         // 200.999999999 GB
}

TEST(VMHostsToLXDHosts, NegativeAvailableDiskRoundsDownToo) {
  // MAAS never clamps available: an over-allocated host must not look like it has room.
  VMHost h = LxdHost();
  h.available.local_storage = -1;
  EXPECT_EQ(VMHostsToLXDHosts({h})[0].available.disk, -1);
  h.available.local_storage = -1'500'000'000;
  EXPECT_EQ(VMHostsToLXDHosts({h})[0].available.disk, -2);
  h.available.local_storage = -2'000'000'000;
  EXPECT_EQ(VMHostsToLXDHosts({h})[0].available.disk, -2);
  h.available.cores = -3;
  EXPECT_EQ(VMHostsToLXDHosts({h})[0].available.cores, -3);
}

TEST(VMHostsToLXDHosts, VmSupportFollowsTheComposableCapability) {
  VMHost h = LxdHost();
  EXPECT_TRUE(VMHostsToLXDHosts({h})[0].capabilities.vm_support);
  h.capabilities = {"dynamic_local_storage", "over_commit", "storage_pools"};
  EXPECT_FALSE(VMHostsToLXDHosts({h})[0].capabilities.vm_support);
}

TEST(VMHostsToLXDHosts, StoragePoolNamesComeFromMaas) {
  const lxd::LXDHost l = VMHostsToLXDHosts({LxdHost()})[0];
  EXPECT_EQ(l.capabilities.storage_pools, (std::vector<std::string>{"default", "ssd-pool"}));
}

TEST(VMHostsToLXDHosts, ProfilesAreWhatMaasApplies) {
  const lxd::LXDHost l = VMHostsToLXDHosts({LxdHost()})[0];
  EXPECT_EQ(l.capabilities.profiles, (std::vector<std::string>{"default", "maas"}));
  // MAAS reports neither projects nor bridges in the vm-host object: nothing is invented.
  EXPECT_TRUE(l.capabilities.projects.empty());
  EXPECT_TRUE(l.capabilities.network_bridges.empty());
}

TEST(VMHostsToLXDHosts, KeepsOrderAndCount) {
  VMHost a = LxdHost(), b = LxdHost(), c = LxdHost();
  a.id = 3;
  b.id = 1;
  c.id = 2;
  const auto hosts = VMHostsToLXDHosts({a, b, c});
  ASSERT_EQ(hosts.size(), 3u);
  EXPECT_EQ(hosts[0].vm_host_id, "3");
  EXPECT_EQ(hosts[1].vm_host_id, "1");
  EXPECT_EQ(hosts[2].vm_host_id, "2");
  EXPECT_TRUE(VMHostsToLXDHosts({}).empty());
}

// --- LXDVMSpecAdapter -----------------------------------------------------------------------

TEST(LXDVMSpecAdapter, CopiesEveryField) {
  lxd::VMSpec spec;
  spec.cores = 4;
  spec.memory = 8192;
  spec.disks = {{"20GB", "default"}, {"8GiB", "ssd-pool"}};
  spec.profile = "maas";
  spec.project = "capi";
  spec.user_data = "#cloud-config\n";
  spec.host_id = "12";
  spec.tags = {"cp", "cluster-a"};
  spec.hostname = "vm-cp-0";

  const ComposeVMParams p = LXDVMSpecAdapter(spec, "12").ToComposeVMParams();
  EXPECT_EQ(p.vm_host_id, "12");
  EXPECT_EQ(p.cores, 4);
  EXPECT_EQ(p.memory, 8192);
  EXPECT_EQ(p.disks, spec.disks);
  EXPECT_EQ(p.profile, "maas");
  EXPECT_EQ(p.project, "capi");
  EXPECT_EQ(p.user_data, "#cloud-config\n");
  EXPECT_EQ(p.tags, spec.tags);
  EXPECT_EQ(p.hostname, "vm-cp-0");
  // The spec has no zone or pool: the extension decides them.
  EXPECT_FALSE(p.zone_id.has_value());
  EXPECT_FALSE(p.pool_id.has_value());
}

TEST(LXDVMSpecAdapter, VMHostIdComesFromTheAdapter) {
  lxd::VMSpec spec;
  spec.host_id = "99";
  EXPECT_EQ(LXDVMSpecAdapter(spec, "12").ToComposeVMParams().vm_host_id, "12");
}

// --- ComposedVMAdapter ----------------------------------------------------------------------

TEST(ComposedVMAdapter, ProviderIdIsCapmaasFormat) {
  ComposedVM vm;
  vm.system_id = "abc123";
  vm.vm_host_id = "12";
  vm.availability_zone = "zone-a";
  vm.status = "Commissioning";
  vm.hostname = "vm-cp-0";

  const lxd::LXDVMResult r = ComposedVMAdapter(vm).ToLXDVMResult("default");
  EXPECT_EQ(r.provider_id, "maas:///zone-a/abc123");
  EXPECT_EQ(r.failure_domain, "zone-a");
  EXPECT_EQ(r.system_id, "abc123");
  EXPECT_EQ(r.host_id, "12");
  EXPECT_EQ(r.project, "default");
  EXPECT_EQ(r.status, "Commissioning");
  EXPECT_TRUE(r.ip_addresses.empty());  // not known at compose time: nothing invented
}

TEST(ComposedVMAdapter, ProjectIsTheOneGiven) {
  ComposedVM vm;
  vm.system_id = "x";
  vm.availability_zone = "z";
  EXPECT_EQ(ComposedVMAdapter(vm).ToLXDVMResult("capi").project, "capi");
}

// --- ProviderID -----------------------------------------------------------------------------

TEST(ProviderID, Format) { EXPECT_EQ(ProviderID("zone-a", "abc123"), "maas:///zone-a/abc123"); }

TEST(ParseProviderID, RoundTrips) {
  for (const auto& [zone, id] : std::vector<std::pair<std::string, std::string>>{
           {"zone-a", "abc123"}, {"default", "wdpx3n"}, {"z", "x"}}) {
    const auto parsed = ParseProviderID(ProviderID(zone, id));
    ASSERT_TRUE(parsed.has_value()) << zone << "/" << id;
    EXPECT_EQ(*parsed, (ParsedProviderID{zone, id}));
  }
}

TEST(ParseProviderID, RejectsOtherForms) {
  for (const char* bad : {
           "maas://zone/id",  // the seed's integration.go form
           "maas-lxd:///x",   // the seed's lxd/service.go form
           "maas-lxd://zone/x",
           "maas:///onlyid",    // no zone
           "maas:///zone/id/",  // trailing slash
           "maas:///zone/",     // no system id
           "maas:////id",       // empty zone
           "maas:///zone/a/b",  // extra segment
           "MAAS:///zone/id",   // scheme is case-sensitive
           "",
           "maas:///",
       }) {
    EXPECT_FALSE(ParseProviderID(bad).has_value()) << "accepted \"" << bad << "\"";
  }
}

// --- VMHostQueryParams::Matches -------------------------------------------------------------

TEST(VMHostQueryParams, EmptyQueryMatchesEverything) {
  EXPECT_TRUE(VMHostQueryParams{}.Matches(LxdHost()));
}

TEST(VMHostQueryParams, TypeMustMatchWhenSet) {
  VMHostQueryParams q;
  q.type = "lxd";
  EXPECT_TRUE(q.Matches(LxdHost()));
  q.type = "virsh";
  EXPECT_FALSE(q.Matches(LxdHost()));
}

TEST(VMHostQueryParams, ZoneMatchesByExactName) {
  VMHostQueryParams q;
  q.zone = "zone-a";
  EXPECT_TRUE(q.Matches(LxdHost()));
  q.zone = "zone-b";
  EXPECT_FALSE(q.Matches(LxdHost()));
  q.zone = "Zone-A";
  EXPECT_FALSE(q.Matches(LxdHost()));
  q.zone = "";  // set but empty: only a host with an empty zone name
  EXPECT_FALSE(q.Matches(LxdHost()));
}

TEST(VMHostQueryParams, PoolMatchesByExactName) {
  VMHostQueryParams q;
  q.resource_pool = "default";
  EXPECT_TRUE(q.Matches(LxdHost()));
  q.resource_pool = "compute-pool";
  EXPECT_FALSE(q.Matches(LxdHost()));
}

TEST(VMHostQueryParams, AllTagsAreRequired) {
  // The seed ignored tags (hostMatchesTags returned true); CAPMAAS main requires them all.
  VMHostQueryParams q;
  q.tags = {"lxd"};
  EXPECT_TRUE(q.Matches(LxdHost()));
  q.tags = {"lxd", "compute"};
  EXPECT_TRUE(q.Matches(LxdHost()));
  q.tags = {"lxd", "high-memory"};
  EXPECT_FALSE(q.Matches(LxdHost()));
  q.tags = {"high-memory"};
  EXPECT_FALSE(q.Matches(LxdHost()));
}

TEST(VMHostQueryParams, EveryFieldMustMatch) {
  VMHostQueryParams q;
  q.type = "lxd";
  q.zone = "zone-a";
  q.resource_pool = "default";
  q.tags = {"compute"};
  EXPECT_TRUE(q.Matches(LxdHost()));
  VMHostQueryParams wrong_zone = q;
  wrong_zone.zone = "zone-c";
  EXPECT_FALSE(wrong_zone.Matches(LxdHost()));
  VMHostQueryParams wrong_pool = q;
  wrong_pool.resource_pool = "compute-pool";
  EXPECT_FALSE(wrong_pool.Matches(LxdHost()));
  VMHostQueryParams wrong_tag = q;
  wrong_tag.tags.push_back("gpu");
  EXPECT_FALSE(wrong_tag.Matches(LxdHost()));
}

TEST(ResourcesOf, CopiesTotalsAndPools) {
  const VMHost h = LxdHost();
  const VMHostResources r = ResourcesOf(h);
  EXPECT_EQ(r.total, h.total);
  EXPECT_EQ(r.used, h.used);
  EXPECT_EQ(r.available, h.available);
  EXPECT_EQ(r.storage_pools, h.storage_pools);
}

}  // namespace
}  // namespace vmsim::core
