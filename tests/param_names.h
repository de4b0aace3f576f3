// Test names for tests parameterised by a file: its stem, with '_' for what gtest forbids.
#ifndef VMSIM_TESTS_PARAM_NAMES_H_
#define VMSIM_TESTS_PARAM_NAMES_H_

#include <cctype>
#include <filesystem>
#include <string>

namespace vmsim {

inline std::string FileTestName(const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace vmsim

#endif  // VMSIM_TESTS_PARAM_NAMES_H_
