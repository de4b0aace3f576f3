// Cold migration never loses or duplicates a VM: on random fleets, with random faults on the
// API, after any sequence of composes and migrations MAAS holds exactly the client's VMs.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/client_extensions.h"
#include "core/clock.h"
#include "core/migration.h"
#include "core/rng.h"
#include "core/units.h"
#include "fakes/fake_maas.h"
#include "fakes/fault_injector.h"

namespace vmsim::core {
namespace {

RC_GTEST_PROP(Migration, NeverLosesOrDuplicatesAVm, ()) {
  ManualClock clock;
  fakes::FakeMaas maas(clock);
  const int hosts = *rc::gen::inRange(1, 6);
  for (int h = 0; h < hosts; ++h) {
    fakes::FakeHostSpec spec;
    spec.name = "h" + std::to_string(h);
    spec.zone = "z" + std::to_string(h % 2);
    spec.cores = *rc::gen::element<int64_t>(4, 8, 16);
    spec.memory = 16384;
    spec.storage_pools = {{"default", "dir", "", 200 * kBytesPerGB, 0}};
    RC_ASSERT(maas.AddVMHost(spec).ok());
  }
  // Composes may fail now and then, with MAAS's own answers; deletes may orphan.
  std::vector<fakes::FaultSpec> faults;
  if (*rc::gen::arbitrary<bool>())
    faults.push_back({"compose.transient_503", 0.3, {}, Timestamp::FromMicros(INT64_MAX), "", {}});
  if (*rc::gen::arbitrary<bool>())
    faults.push_back({"compose.no_rack", 0.2, {}, Timestamp::FromMicros(INT64_MAX), "", {}});
  fakes::FaultInjector injector(maas, clock, faults,
                                Rng(*rc::gen::arbitrary<uint64_t>()).Fork("faults"));
  ClientExtensions ext(injector);
  LxdService service(ext.VMHosts(), clock, {PlacementPolicy::kBestFit, Duration::Minutes(1), 3});

  struct Live {
    lxd::LXDVMResult vm;
    lxd::VMSpec spec;
  };
  std::vector<Live> live;
  std::set<std::string> owned_extra;  // replacements left with their original (both_exist)
  const size_t before = maas.MachineCount();
  int migrated = 0;
  const int steps = *rc::gen::inRange(1, 30);
  for (int i = 0; i < steps; ++i) {
    clock.Advance(Duration::Seconds(*rc::gen::inRange(0, 60)));
    if (live.empty() || *rc::gen::arbitrary<bool>()) {
      lxd::VMSpec spec;
      spec.hostname = "vm-" + std::to_string(i);
      spec.cores = *rc::gen::inRange<int64_t>(1, 5);
      spec.memory = 2048;
      spec.disks = {{"10GB", "default"}};
      auto vm = service.ComposeVM(spec, {});
      if (vm.ok()) live.push_back({*vm, spec});
      continue;
    }
    Live& victim = live[*rc::gen::inRange<size_t>(0, live.size())];
    const MigrationOutcome out =
        MigrateVM(service, victim.vm, victim.spec, "m-" + std::to_string(i), {});
    if (out.status.ok()) {
      RC_ASSERT(out.replacement->host_id != victim.vm.host_id);
      victim.vm = *out.replacement;
      ++migrated;
      victim.spec.hostname = "m-" + std::to_string(i);
    } else if (out.both_exist) {
      owned_extra.insert(out.replacement->system_id);
    }
  }
  RC_TAG(migrated > 0 ? "migrated" : "none migrated");
  clock.Advance(Duration::Hours(1));  // MAAS finishes its decomposes
  std::set<std::string> client(owned_extra);
  for (const auto& l : live) RC_ASSERT(client.insert(l.vm.system_id).second);
  RC_ASSERT(maas.MachineCount() == before + client.size());
  for (const auto& id : client) RC_ASSERT(maas.GetMachine(id).ok());
}

}  // namespace
}  // namespace vmsim::core
