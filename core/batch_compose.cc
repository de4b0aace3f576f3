#include "core/batch_compose.h"

#include "core/placement_group.h"

namespace vmsim::core {

BatchOutcome ComposeBatch(LxdService& service, const std::vector<lxd::VMSpec>& specs,
                          const PlacementConstraints& constraints, const BatchOptions& options,
                          std::optional<PlacementPolicy> policy) {
  BatchOutcome out;
  PlacementGroup group(constraints, options.distinct_zones);
  out.status = service.PlanGroup(specs, constraints, options.distinct_zones, policy);
  if (!out.status.ok()) return out;
  out.planned = true;
  for (size_t i = 0; i < specs.size(); ++i) {
    auto vm = service.ComposeVM(specs[i], group.Constrain(constraints), policy);
    if (options.after_call) options.after_call(true);
    if (!vm.ok()) {
      out.status = vm.status();
      out.failed_member = i;
      break;
    }
    group.Remember(*vm);
    out.vms.push_back(std::move(vm).value());
  }
  if (out.status.ok()) return out;
  // Rollback: the group is all or nothing.
  for (size_t k = out.vms.size(); k-- > 0;) {
    const lxd::LXDVMResult& vm = out.vms[k];
    const Status deleted = service.DeleteVM(vm.host_id, vm.system_id, specs[k]);
    if (options.after_call) options.after_call(false);
    if (deleted.ok()) {
      ++out.rolled_back;
    } else {
      out.left_behind.emplace(out.left_behind.begin(), k, vm);
    }
  }
  out.vms.clear();
  return out;
}

size_t BatchWave(size_t member, int max_in_flight) {
  return max_in_flight <= 0 ? 0 : member / static_cast<size_t>(max_in_flight);
}

}  // namespace vmsim::core
