// docs/maas-parity.md names every MAAS test the parity tests mirror, beside the vmsim test that
// mirrors it: the page cannot drift from tests/maas_parity_*_test.cc.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path Root() {
  const char* root = std::getenv("VMSIM_SOURCE_DIR");
  return root ? root : VMSIM_SOURCE_DIR_DEFAULT;
}

TEST(DocsParity, EveryMirroredMaasTestIsListed) {
  const std::string doc = Read(Root() / "docs" / "maas-parity.md");
  ASSERT_FALSE(doc.empty());
  size_t mirrors = 0;
  for (const char* file : {"maas_parity_pods_test.cc", "maas_parity_machines_test.cc"}) {
    const std::string source = Read(Root() / "tests" / file);
    ASSERT_FALSE(source.empty()) << file;
    // A run of "// MAAS: <file>::<Class>::<test>" lines names the MAAS tests the next TEST_F
    // mirrors.
    std::vector<std::string> pending;
    std::istringstream lines(source);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("// MAAS: ")) {
        const std::string ref = line.substr(9, line.find(' ', 9) - 9);
        const size_t test = ref.rfind("::");
        const size_t cls = ref.rfind("::", test - 1);
        if (test != std::string::npos && cls != std::string::npos)
          pending.push_back(ref.substr(cls + 2));
        continue;
      }
      if (!line.starts_with("TEST_F(")) continue;
      const size_t comma = line.find(", ");
      const std::string vmsim =
          line.substr(7, comma - 7) + "." + line.substr(comma + 2, line.find(')') - comma - 2);
      for (const auto& maas : pending) {
        const size_t row = doc.find("`" + maas + "`");
        ASSERT_NE(row, std::string::npos)
            << maas << " (mirrored by " << vmsim << ") is not in docs/maas-parity.md";
        const std::string listed = doc.substr(row, doc.find('\n', row) - row);
        EXPECT_NE(listed.find("`" + vmsim + "`"), std::string::npos) << listed;
        ++mirrors;
      }
      pending.clear();
    }
  }
  EXPECT_GT(mirrors, 200u);
}

}  // namespace
