#include "fakes/machine_json.h"

#include "core/json_codec.h"

namespace vmsim::fakes {
namespace {

using nlohmann::json;

constexpr int64_t kMiB = 1024 * 1024;
constexpr int64_t kEfiPartition = 512 * kMiB;

json Null() { return json(nullptr); }

// storage_layouts.py flat layout on UEFI: a 512 MiB EFI partition and the rest as root,
// aligned down to 4 MiB after the GPT's 4 MiB offset and 1 MiB end.
json Partitions(const std::string& sid, int64_t disk_id, const std::string& disk, int64_t size) {
  const int64_t root = (size - kEfiPartition - 5 * kMiB) / (4 * kMiB) * (4 * kMiB);
  const auto part = [&](int n, int64_t bytes, bool bootable, const char* fstype, const char* label,
                        const char* mount) {
    const int64_t id = disk_id * 10 + n;
    return json{{"system_id", sid},
                {"device_id", disk_id},
                {"id", id},
                {"uuid", Null()},
                {"path", "/dev/disk/by-dname/" + disk + "-part" + std::to_string(n)},
                {"type", "partition"},
                {"size", bytes},
                {"bootable", bootable},
                {"filesystem",
                 {{"fstype", fstype},
                  {"label", label},
                  {"uuid", Null()},
                  {"mount_point", mount},
                  {"mount_options", Null()}}},
                {"used_for", std::string(fstype) + " formatted filesystem mounted at " + mount},
                {"tags", json::array()},
                {"resource_uri", "/MAAS/api/2.0/nodes/" + sid + "/blockdevices/" +
                                     std::to_string(disk_id) + "/partition/" + std::to_string(id)}};
  };
  if (root <= 0) return json::array();
  return json::array({part(1, kEfiPartition, true, "fat32", "efi", "/boot/efi"),
                      part(2, root, false, "ext4", "root", "/")});
}

json BlockDevice(const std::string& sid, int64_t id, size_t index, const FakeMachineDisk& d) {
  const std::string name = "sd" + std::string(1, static_cast<char>('a' + index % 26));
  const std::string serial = index == 0 ? "lxd_root" : "lxd_disk" + std::to_string(index);
  json partitions = index == 0 ? Partitions(sid, id, name, d.size) : json::array();
  int64_t used_size = 0;
  for (const auto& p : partitions) used_size += p["size"].get<int64_t>();
  if (!partitions.empty()) used_size += 5 * kMiB;  // the partition table's own space
  return {
      {"system_id", sid},
      {"id", id},
      {"name", name},
      {"uuid", Null()},
      {"type", "physical"},
      {"path", "/dev/disk/by-dname/" + name},
      {"model", "QEMU HARDDISK"},
      {"serial", serial},
      {"id_path", "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_" + serial},
      {"size", d.size},
      {"block_size", 512},
      {"available_size", d.size - used_size},
      {"used_size", used_size},
      {"used_for", partitions.empty() ? "Unused"
                                      : "GPT partitioned with " +
                                            std::to_string(partitions.size()) + " partitions"},
      {"tags", d.tags},
      {"filesystem", Null()},
      {"partition_table_type", partitions.empty() ? Null() : json("GPT")},
      {"partitions", partitions},
      {"firmware_version", "2.5+"},
      {"storage_pool", d.pool.empty() ? Null() : json(d.pool)},
      {"numa_node", 0},
      {"resource_uri", "/MAAS/api/2.0/nodes/" + sid + "/blockdevices/" + std::to_string(id) + "/"}};
}

json Vlan() {
  return {{"vid", 0},
          {"mtu", 1500},
          {"dhcp_on", true},
          {"external_dhcp", Null()},
          {"relay_vlan", Null()},
          {"fabric", "fabric-0"},
          {"fabric_id", 0},
          {"primary_rack", Null()},
          {"secondary_rack", Null()},
          {"space", "undefined"},
          {"id", 5001},
          {"name", "untagged"},
          {"resource_uri", "/MAAS/api/2.0/vlans/5001/"}};
}

json Interface(const std::string& sid, int64_t id, const std::string& mac) {
  return {
      {"system_id", sid},
      {"id", id},
      {"name", "enp5s0"},
      {"type", "physical"},
      {"vlan", Vlan()},
      {"mac_address", mac},
      {"parents", json::array()},
      {"children", json::array()},
      {"tags", json::array()},
      {"enabled", true},
      {"links", json::array()},
      {"params", json::object()},
      {"discovered", Null()},
      {"effective_mtu", 1500},
      {"vendor", "Red Hat, Inc."},
      {"product", "Virtio network device"},
      {"firmware_version", Null()},
      {"link_connected", true},
      {"interface_speed", 0},
      {"link_speed", 0},
      {"numa_node", 0},
      {"sriov_max_vf", 0},
      {"resource_uri", "/MAAS/api/2.0/nodes/" + sid + "/interfaces/" + std::to_string(id) + "/"}};
}

json HardwareInfo(bool vm) {
  json h;
  for (const char* k :
       {"system_vendor", "system_product", "system_family", "system_version", "system_sku",
        "system_serial", "cpu_model", "mainboard_vendor", "mainboard_product", "mainboard_serial",
        "mainboard_version", "mainboard_firmware_vendor", "mainboard_firmware_date",
        "mainboard_firmware_version", "chassis_vendor", "chassis_type", "chassis_serial",
        "chassis_version"}) {
    h[k] = "Unknown";
  }
  if (vm) {
    h["system_vendor"] = "QEMU";
    h["system_product"] = "Standard PC (Q35 + ICH9, 2009)";
    h["mainboard_vendor"] = "Canonical Ltd.";
    h["mainboard_product"] = "LXD";
  }
  return h;
}

}  // namespace

nlohmann::json MachineWireJson(const core::Machine& m,
                               const std::optional<FakeMachineDetails>& details) {
  json j = m;
  const FakeMachineDetails d = details.value_or(FakeMachineDetails{});
  const std::string& sid = m.system_id;
  const bool vm = m.pod.has_value();
  // Commissioning has run once the machine left Commissioning and Testing.
  const bool commissioned =
      m.status != core::NodeStatus::kNew && m.status != core::NodeStatus::kCommissioning;
  const bool tested = commissioned && m.status != core::NodeStatus::kTesting;
  json disks = json::array();
  int64_t storage_bytes = 0;
  for (size_t i = 0; i < d.disks.size(); ++i) {
    disks.push_back(BlockDevice(sid, d.id * 10 + static_cast<int64_t>(i), i, d.disks[i]));
    storage_bytes += d.disks[i].size;
  }
  const json nic = d.mac_address.empty() ? Null() : Interface(sid, d.id, d.mac_address);
  const auto set = [&](const char* k, json v) {
    if (!j.contains(k)) j[k] = std::move(v);
  };
  set("description", d.description);
  set("hardware_uuid", Null());
  set("domain", {{"authoritative", true},
                 {"ttl", Null()},
                 {"is_default", true},
                 {"resource_record_count", 0},
                 {"id", 0},
                 {"name", "maas"},
                 {"resource_uri", "/MAAS/api/2.0/domains/0/"}});
  set("fqdn", m.hostname + ".maas");
  set("owner", d.owner ? json(*d.owner) : Null());
  set("owner_data", json::object());
  set("workload_annotations", json::object());
  set("locked", false);
  for (const char* k : {"cache_sets", "bcaches", "raids", "volume_groups", "special_filesystems"})
    set(k, json::array());
  set("bios_boot_method", commissioned || vm ? json("uefi") : Null());
  set("boot_interface", nic);
  set("min_hwe_kernel", d.min_hwe_kernel);
  set("hwe_kernel", d.hwe_kernel.empty() ? Null() : json(d.hwe_kernel));
  set("cpu_speed", 0);
  set("swap_size", Null());
  set("storage", static_cast<double>(storage_bytes) / 1e6);
  set("osystem", d.osystem);
  set("distro_series", d.distro_series);
  set("ephemeral_deploy", false);
  set("error_description", "");
  set("netboot", d.netboot);
  set("address_ttl", Null());
  set("ip_addresses", d.ip_addresses);
  set("interface_set", nic.is_null() ? json::array() : json::array({nic}));
  set("disable_ipv4", false);
  set("boot_disk", disks.empty() ? Null() : disks[0]);
  set("blockdevice_set", disks);
  set("physicalblockdevice_set", disks);
  set("virtualblockdevice_set", json::array());
  set("status_action", "");
  set("status_message", std::string(core::NodeStatusName(m.status)));
  set("node_type", 0);
  set("node_type_name", "Machine");
  set("parent", Null());
  set("default_gateways", {{"ipv4", {{"gateway_ip", Null()}, {"link_id", Null()}}},
                           {"ipv6", {{"gateway_ip", Null()}, {"link_id", Null()}}}});
  set("current_commissioning_result_id", d.id * 3);
  set("current_testing_result_id", commissioned ? json(d.id * 3 + 1) : Null());
  set("current_installation_result_id", d.osystem.empty() ? Null() : json(d.id * 3 + 2));
  const auto status = [&](const char* k, int code) {
    static const char* kNames[] = {"Pending", "Running", "Passed"};
    set(k, code);
    set((std::string(k) + "_name").c_str(), code < 0 ? "Unknown" : kNames[code]);
  };
  status("commissioning_status", commissioned ? 2 : 1);
  status("testing_status", tested ? 2 : commissioned ? 1 : -1);
  status("storage_test_status", tested ? 2 : commissioned ? 1 : -1);
  for (const char* k : {"cpu_test_status", "memory_test_status", "network_test_status",
                        "other_test_status", "interface_test_status"}) {
    status(k, -1);
  }
  set("hardware_info", HardwareInfo(vm));
  json cores = json::array();
  for (int64_t c = 0; c < m.cpu_count && c < 4096; ++c) cores.push_back(c);
  set("numanode_set", json::array({{{"index", 0},
                                    {"cores", cores},
                                    {"memory", m.memory},
                                    {"hugepages_set", json::array()}}}));
  set("virtualmachine_id", Null());
  for (const char* k : {"last_sync", "next_sync", "sync_interval"}) set(k, Null());
  for (const char* k : {"enable_hw_sync", "enable_kernel_crash_dump", "is_dpu"}) set(k, false);
  set("power_state", "unknown");
  return j;
}

}  // namespace vmsim::fakes
