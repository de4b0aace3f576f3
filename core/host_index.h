// An index over the client's host list that answers placement queries in sub-linear time:
// hosts are grouped by (zone, resource pool), and each group keeps its hosts ordered by each
// policy's key, plus a max-tree of over-commit room for first-fit. Choose() returns exactly
// what ChooseHost() (the linear reference in placement.h) returns. Borrows the host list;
// call Update(i) after hosts[i] changes. Thread-compatible.
#ifndef VMSIM_CORE_HOST_INDEX_H_
#define VMSIM_CORE_HOST_INDEX_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/placement.h"
#include "core/types.h"

namespace vmsim::core {

class HostIndex {
 public:
  HostIndex();
  ~HostIndex();
  HostIndex(const HostIndex&) = delete;
  HostIndex& operator=(const HostIndex&) = delete;

  // Indexes `hosts`, which must stay alive and in place until the next Rebuild.
  // REQUIRES: hosts are in ascending id order (as QueryVMHosts returns them).
  void Rebuild(const std::vector<VMHost>& hosts);
  // Re-reads hosts[i] after its used / available figures changed.
  void Update(size_t i);
  // The index ChooseHost(hosts, request, policy) would return.
  std::optional<size_t> Choose(const PlacementRequest& request, PlacementPolicy policy) const;

 private:
  struct Group;
  std::vector<std::unique_ptr<Group>> groups_;
  std::map<std::pair<std::string, std::string>, size_t> group_of_key_;
  std::vector<size_t> group_of_host_;  // by host index
  std::vector<size_t> slot_of_host_;   // position within its group's max-tree
  const std::vector<VMHost>* hosts_ = nullptr;
};

}  // namespace vmsim::core

#endif  // VMSIM_CORE_HOST_INDEX_H_
