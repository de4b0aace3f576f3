// Internal to scenario parsing: readers for the parts of a scenario, sharing one JsonReader
// so that the first error, with its pointer, wins. Not a public interface.
#ifndef VMSIM_SIM_SCENARIO_SCENARIO_PARTS_H_
#define VMSIM_SIM_SCENARIO_SCENARIO_PARTS_H_

#include <string>
#include <vector>

#include "fakes/fake_host.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace vmsim::sim::internal {

// fleet: {"builtin": "seed", "hosts": [...], "templates": [...]}.
std::vector<fakes::FakeHostSpec> ReadFleet(JsonReader& r, const JsonReader::Node& fleet);
// A list of hosts or templates (as in fleet, and in add_hosts events).
void ReadHostList(JsonReader& r, const JsonReader::Node& parent,
                  std::vector<fakes::FakeHostSpec>& out);
// One VM shape: {"cores", "memory", "disks", "profile", "project", "tags", "weight"}.
VMShape ReadShape(JsonReader& r, const JsonReader::Node& node);
// set_host_power's "power_state" and set_host_status's "status" (scenario_health.cc).
void ReadHealthEvent(JsonReader& r, const JsonReader::Node& event, TimedEvent& e);
// A VM shape's "network": {"bridge", "mac_address", "static_ip": {...}} (the seed's
// VMNetworkConfig).
void ReadNetworkConfig(JsonReader& r, const JsonReader::Node& shape, lxd::VMSpec& spec);
// A trace CSV: "time,action,vm,cores,memory,disk" rows; errors name the file and line.
std::vector<TraceRecord> ReadTrace(JsonReader& r, const std::string& pointer,
                                   const std::string& path);

}  // namespace vmsim::sim::internal

#endif  // VMSIM_SIM_SCENARIO_SCENARIO_PARTS_H_
