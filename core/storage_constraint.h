// MAAS's `storage` compose parameter, "root:20(pool1),data:100": rendered by the client from
// the seed's DiskSpecs, and parsed by the fake exactly as MAAS's storage_validator and
// get_storage_constraints_from_string do (src/maasserver/node_constraint_filter_forms.py).
// Pure functions; thread-safe.
#ifndef VMSIM_CORE_STORAGE_CONSTRAINT_H_
#define VMSIM_CORE_STORAGE_CONSTRAINT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace vmsim::core {

// One disk: MAAS reads the size as decimal GB, int(float(size) * 1000**3) bytes; the tags in
// parentheses name storage pools (an unknown name silently falls back to the default pool).
struct StorageDisk {
  std::string label;  // may be empty
  int64_t size_bytes = 0;
  std::vector<std::string> tags;
  bool operator==(const StorageDisk&) const = default;
};

// MAAS's default when `storage` is omitted: one 8 GB root disk tagged "local".
inline constexpr std::string_view kDefaultStorageConstraint = "root:8(local)";

// Parses `value` the way MAAS does. The first disk stays first (it becomes the root disk);
// the rest are ordered by number of tags, most first (stable). On failure returns
// kStorageConfiguration with MAAS's text: Malformed storage constraint, "<value>".
Result<std::vector<StorageDisk>> ParseStorageConstraint(std::string_view value);

// Renders the seed's disks as MAAS's constraint: the first is labelled "root", the others
// "disk1", "disk2", ...; sizes accept units ("20GB", "8GiB"; bare numbers are GB) and are
// rendered in decimal GB; a pool becomes the disk's tag. Errors are kStorageConfiguration.
// REQUIRES: !disks.empty().
Result<std::string> StorageConstraintFromDisks(const std::vector<DiskSpec>& disks);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_STORAGE_CONSTRAINT_H_
