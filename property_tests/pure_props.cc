// Properties of the pure pieces: parsers and formatters round-trip and never crash on
// garbage, the adapters keep every field MAAS keeps, the JSON codec round-trips, and the
// event queue pops in (time, seq) order.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "core/adapters.h"
#include "core/json_codec.h"
#include "core/maas_vmhost_extension.h"
#include "core/storage_constraint.h"
#include "core/units.h"
#include "sim/engine/event_queue.h"

namespace vmsim {
namespace {

using core::kBytesPerGB;

RC_GTEST_PROP(Units, FormatBytesRoundTrips, ()) {
  const int64_t bytes = *rc::gen::inRange<int64_t>(0, int64_t{1} << 60);
  auto parsed = core::ParseBytes(core::FormatBytes(bytes), core::BareUnit::kBytes);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == bytes);
}

RC_GTEST_PROP(Units, DecimalGBIsReadBackByMaasExactly, ()) {
  const int64_t bytes = *rc::gen::inRange<int64_t>(1, int64_t{1} << 52);
  const std::string gb = core::FormatDecimalGB(bytes);
  // MAAS: int(float(size) * 1000**3).
  RC_ASSERT(static_cast<int64_t>(std::stod(gb) * 1e9) == bytes);
}

RC_GTEST_PROP(Units, DurationsRoundTrip, ()) {
  const auto d = core::Duration::Micros(*rc::gen::inRange<int64_t>(0, int64_t{1} << 50));
  auto parsed = core::ParseDuration(core::FormatDuration(d));
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == d);
}

RC_GTEST_PROP(Units, GarbageNeverCrashesAndErrorsSayWhy, (const std::string& text)) {
  auto bytes = core::ParseBytes(text, core::BareUnit::kGB);
  if (!bytes.ok()) RC_ASSERT(!bytes.status().message().empty());
  auto duration = core::ParseDuration(text);
  if (!duration.ok()) RC_ASSERT(!duration.status().message().empty());
  auto memory = core::ParseMemoryMiB(text);
  if (memory.ok()) RC_ASSERT(*memory >= 0);
  (void)core::ParseStorageConstraint(text);
}

core::DiskSpec GenDisk() {
  const int64_t gb = *rc::gen::inRange<int64_t>(1, 5000);
  const bool binary = *rc::gen::arbitrary<bool>();
  return {std::to_string(gb) + (binary ? "GiB" : "GB"),
          *rc::gen::element<std::string>("", "default", "ssd-pool", "p1")};
}

RC_GTEST_PROP(Adapters, SpecToComposeFormKeepsWhatMaasKeeps, ()) {
  lxd::VMSpec spec;
  spec.cores = *rc::gen::inRange<int64_t>(1, 64);
  spec.memory = *rc::gen::inRange<int64_t>(1024, 262144);
  const int n = *rc::gen::inRange(1, 5);
  for (int i = 0; i < n; ++i) spec.disks.push_back(GenDisk());
  spec.hostname = *rc::gen::element<std::string>("", "cp-0", "worker-17");
  spec.profile = "maas";
  spec.project = "default";
  const auto params = core::LXDVMSpecAdapter(spec, "7").ToComposeVMParams();
  RC_ASSERT(params.vm_host_id == "7");
  RC_ASSERT(params.cores == spec.cores && params.memory == spec.memory);
  RC_ASSERT(params.disks == spec.disks && params.hostname == spec.hostname);

  core::VMHost host;
  host.id = 7;
  host.zone.id = 3;
  auto form = core::ToComposeForm(params, host);
  RC_ASSERT(form.ok());
  std::map<std::string, std::string> fields(form->begin(), form->end());
  RC_ASSERT(fields["cores"] == std::to_string(spec.cores));
  RC_ASSERT(fields["memory"] == std::to_string(spec.memory));
  RC_ASSERT(fields["zone"] == "3");
  RC_ASSERT((spec.hostname.empty() ? fields.count("hostname") == 0
                                   : fields["hostname"] == spec.hostname));
  // MAAS reads the storage constraint back into the same disks: sizes and pools, root first.
  auto disks = core::ParseStorageConstraint(fields["storage"]);
  RC_ASSERT(disks.ok());
  RC_ASSERT(disks->size() == spec.disks.size());
  RC_ASSERT((*disks)[0].label == "root");
  int64_t total_sent = 0, total_read = 0;
  for (const auto& d : spec.disks) total_sent += *core::ParseBytes(d.size, core::BareUnit::kGB);
  for (const auto& d : *disks) total_read += d.size_bytes;
  RC_ASSERT(total_read == total_sent);
  RC_ASSERT((*disks)[0].size_bytes == *core::ParseBytes(spec.disks[0].size, core::BareUnit::kGB));
}

RC_GTEST_PROP(JsonCodec, VMHostRoundTrips, ()) {
  core::VMHost h;
  h.id = *rc::gen::inRange<int64_t>(1, 100000);
  h.name = *rc::gen::element<std::string>("a", "lxd-host-1", "proud-cat");
  h.type = *rc::gen::element<std::string>("lxd", "virsh");
  h.tags = *rc::gen::container<std::vector<std::string>>(
      rc::gen::element<std::string>("x", "y", "pod-console-logging"));
  h.architectures = {"amd64/generic"};
  h.capabilities = {"composable"};
  h.total = {*rc::gen::inRange<int64_t>(0, 512), *rc::gen::inRange<int64_t>(0, 1 << 20),
             *rc::gen::inRange<int64_t>(0, int64_t{1} << 50)};
  h.used = {*rc::gen::inRange<int64_t>(0, 512), *rc::gen::inRange<int64_t>(0, 1 << 20), 0};
  h.available = {h.total.cores - h.used.cores, h.total.memory - h.used.memory,
                 h.total.local_storage};
  h.cpu_over_commit_ratio = *rc::gen::element(0.5, 1.0, 2.5, 10.0);
  h.zone = {1, "default", "", "/MAAS/api/2.0/zones/default/"};
  h.pool = {0, "default", "Default pool", "/MAAS/api/2.0/resourcepool/0/"};
  if (*rc::gen::arbitrary<bool>()) h.host_system_id = "abc123";
  if (*rc::gen::arbitrary<bool>()) h.default_macvlan_mode = "";
  if (*rc::gen::arbitrary<bool>()) h.version = "5.21.1";
  h.storage_pools.push_back(
      {"default", "default", "dir", "/p", h.total.local_storage, 0, h.total.local_storage, true});
  h.resource_uri = "/MAAS/api/2.0/vm-hosts/" + std::to_string(h.id) + "/";
  const nlohmann::json j = h;
  auto back = core::DecodeJson<core::VMHost>(nlohmann::json::parse(j.dump()), "vm-host");
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == h);
}

RC_GTEST_PROP(EventQueue, PopsInTimeThenSequenceOrder, ()) {
  sim::EventQueue q;
  std::vector<std::pair<int64_t, uint64_t>> popped;
  int64_t floor = 0;
  const int ops = *rc::gen::inRange(1, 300);
  for (int i = 0; i < ops; ++i) {
    if (q.Empty() || *rc::gen::inRange(0, 3) > 0) {
      const int64_t t = floor + *rc::gen::inRange<int64_t>(0, 5);
      q.Push(core::Timestamp::FromMicros(t), {});
    } else {
      const auto e = q.Pop();
      floor = e.time.micros();
      popped.emplace_back(e.time.micros(), e.seq);
    }
  }
  while (!q.Empty()) {
    const auto e = q.Pop();
    popped.emplace_back(e.time.micros(), e.seq);
  }
  // Time never goes backwards; among equal times, pushes come out first in, first out.
  for (size_t i = 1; i < popped.size(); ++i) {
    RC_ASSERT(popped[i - 1].first <= popped[i].first);
    if (popped[i - 1].first == popped[i].first) RC_ASSERT(popped[i - 1].second < popped[i].second);
  }
}

}  // namespace
}  // namespace vmsim
