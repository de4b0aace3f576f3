// MAAS's generated names: system_ids (six base-24 characters, models/node.py
// generate_node_system_id) and two-word petname hostnames. Drawn from the Rng passed in, so
// the same seed gives the same names. Pure functions; thread-compatible.
#ifndef VMSIM_FAKES_NAMES_H_
#define VMSIM_FAKES_NAMES_H_

#include <string>
#include <string_view>

#include "core/rng.h"

namespace vmsim::fakes {

// MAAS's znum alphabet: digits and letters that cannot be misread for one another.
inline constexpr std::string_view kSystemIdAlphabet = "34678abcdefghkmnpqrstwxy";

// A random system_id: a number in [24^5, 24^6) written in kSystemIdAlphabet (6 characters).
std::string GenerateSystemId(core::Rng& rng);

// A random "adjective-animal" hostname, like MAAS's make_unique_hostname().
std::string GeneratePetname(core::Rng& rng);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_NAMES_H_
