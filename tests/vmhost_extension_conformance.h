// The conformance suite every core::VMHostExtension must pass (RocksDB's env_basic_test
// pattern): one parameterised suite, instantiated per implementation. A target provides an
// extension over a MAAS that holds the seed fleet, and a way to let MAAS's asynchronous work
// (decompose) finish.
#ifndef VMSIM_TESTS_VMHOST_EXTENSION_CONFORMANCE_H_
#define VMSIM_TESTS_VMHOST_EXTENSION_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/vmhost_extension.h"

namespace vmsim::tests {

class ConformanceEnv {
 public:
  virtual ~ConformanceEnv() = default;
  virtual core::VMHostExtension& Extension() = 0;
  // Returns once every decompose requested so far has finished.
  virtual void LetDecomposesFinish() = 0;
};

struct ConformanceTarget {
  std::string name;
  std::function<std::unique_ptr<ConformanceEnv>()> make;
  // GoogleTest prints the name, not the object's bytes.
  friend void PrintTo(const ConformanceTarget& t, std::ostream* os) { *os << t.name; }
};

}  // namespace vmsim::tests

#endif  // VMSIM_TESTS_VMHOST_EXTENSION_CONFORMANCE_H_
