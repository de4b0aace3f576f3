#include "core/storage_constraint.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

#include "core/units.h"

namespace vmsim::core {
namespace {

Status Malformed(std::string_view value) {
  return Status(ErrorKind::kStorageConfiguration,
                "Malformed storage constraint, \"" + std::string(value) + "\".");
}

std::vector<std::string> SplitOnComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

Result<std::vector<StorageDisk>> ParseStorageConstraint(std::string_view value) {
  // MAAS matches STORAGE_REGEX,
  // (?:(?P<label>[a-zA-Z0-9]+)\:)?(?P<size>[0-9.]+)(?:\((?P<tags>[^)]+)\))?, with findall,
  // re-renders the groups joined by "," and requires the rendering to equal the input. That holds
  // exactly when the input is such entries separated by single commas, which is what this reads,
  // entry by entry, without a regex engine.
  const auto is_alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  const auto is_size = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
  std::vector<StorageDisk> disks;
  size_t pos = 0;
  const size_t n = value.size();
  while (true) {
    StorageDisk disk;
    size_t label_end = pos;
    while (label_end < n && is_alnum(value[label_end])) ++label_end;
    if (label_end > pos && label_end < n && value[label_end] == ':') {
      disk.label = std::string(value.substr(pos, label_end - pos));
      pos = label_end + 1;
    }
    const size_t size_start = pos;
    while (pos < n && is_size(value[pos])) ++pos;
    if (pos == size_start) return Malformed(value);
    const std::string_view size = value.substr(size_start, pos - size_start);
    double gb = 0;
    const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), gb);
    if (ec != std::errc() || end != size.data() + size.size())
      return Malformed(value);  // float() fails
    // int(float(size) * 1000**3). Python's int has no limit; past int64 the size is clamped
    // (converting it would be undefined), and no pool holds it either way, so the compose
    // still fails on capacity as it does in MAAS.
    const double bytes = gb * 1e9;
    disk.size_bytes =
        bytes >= 0x1p63 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(bytes);
    if (pos < n && value[pos] == '(') {
      const size_t close = value.find(')', pos + 1);
      if (close == std::string_view::npos || close == pos + 1) return Malformed(value);
      disk.tags = SplitOnComma(std::string(value.substr(pos + 1, close - pos - 1)));
      pos = close + 1;
    }
    disks.push_back(std::move(disk));
    if (pos == n) break;
    if (value[pos] != ',' || pos + 1 == n) return Malformed(value);
    ++pos;
  }
  std::stable_sort(disks.begin() + 1, disks.end(),
                   [](const auto& a, const auto& b) { return a.tags.size() > b.tags.size(); });
  return disks;
}

Result<std::string> StorageConstraintFromDisks(const std::vector<DiskSpec>& disks) {
  std::string out;
  for (size_t i = 0; i < disks.size(); ++i) {
    const DiskSpec& d = disks[i];
    auto bytes = ParseBytes(d.size, BareUnit::kGB);
    if (!bytes.ok()) {
      return Status(ErrorKind::kStorageConfiguration,
                    "disk " + std::to_string(i) + ": " + bytes.status().message());
    }
    if (*bytes <= 0) {
      return Status(
          ErrorKind::kStorageConfiguration,
          "disk " + std::to_string(i) + ": size must be positive, got \"" + d.size + "\"");
    }
    if (d.pool.find_first_of(",()") != std::string::npos) {
      return Status(ErrorKind::kStorageConfiguration,
                    "disk " + std::to_string(i) + ": storage pool name \"" + d.pool +
                        "\" cannot be expressed in a MAAS storage constraint");
    }
    if (i > 0) out += ",";
    out += (i == 0 ? std::string("root") : "disk" + std::to_string(i)) + ":";
    out += FormatDecimalGB(*bytes);
    if (!d.pool.empty()) out += "(" + d.pool + ")";
  }
  return out;
}

}  // namespace vmsim::core
