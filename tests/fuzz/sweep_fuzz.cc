// Fuzzes the sweep parser (a sweep naming a base scenario finds none, under /nonexistent). Run:
// tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/sweep/sweep_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vmsim::sim::ParseSweepSpec(text, "/nonexistent/fuzz-sweep.json");
  return 0;
}
