#include "core/storage_constraint.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <regex>

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
  // MAAS: STORAGE_REGEX.findall(value), re-rendered; the rendering must equal the input.
  static const std::regex kEntry(R"((?:([a-zA-Z0-9]+)\:)?([0-9.]+)(?:\(([^)]+)\))?)");
  const std::string text(value);
  std::string rendered;
  std::vector<StorageDisk> disks;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kEntry);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    if (m[1].matched) rendered += m[1].str() + ":";
    rendered += m[2].str();
    if (m[3].matched) rendered += "(" + m[3].str() + ")";
    rendered += ",";
    // float(size): "1.2.3" or "." would raise in MAAS; treat it as malformed.
    const std::string size = m[2].str();
    double gb = 0;
    const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), gb);
    if (ec != std::errc() || end != size.data() + size.size()) return Malformed(value);
    StorageDisk disk;
    disk.label = m[1].str();
    // int(float(size) * 1000**3). Python's int has no limit; past int64 the size is clamped
    // (converting it would be undefined), and no pool holds it either way, so the compose
    // still fails on capacity as it does in MAAS.
    const double bytes = gb * 1e9;
    disk.size_bytes =
        bytes >= 0x1p63 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(bytes);
    if (m[3].matched) disk.tags = SplitOnComma(m[3].str());
    disks.push_back(std::move(disk));
  }
  if (!rendered.empty()) rendered.pop_back();
  if (rendered != value || disks.empty()) return Malformed(value);
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
      return Status(ErrorKind::kStorageConfiguration,
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
