// Fuzzes the scenario parser: any bytes are a scenario or an error naming where, never a crash,
// an exception, a leak or undefined behaviour. Run: tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vmsim::sim::ParseScenario(text, "fuzz.json", "/nonexistent");
  return 0;
}
