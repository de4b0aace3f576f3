#include "sim/scenario/scenario_json.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/json_text.h"

namespace vmsim::sim {
namespace {

constexpr int kMaxExtendsDepth = 8;
// A scenario is a page of JSON; a trace is a separate file (scenario_fleet.cc).
constexpr core::JsonLimits kScenarioJsonLimits{.max_bytes = 16u << 20, .max_depth = 32};

core::Status Invalid(std::string message) {
  return core::Status(core::ErrorKind::kInvalidRequest, std::move(message));
}

core::Result<nlohmann::json> ParseJson(std::string_view text, const std::string& file) {
  return core::ParseJsonText(text, file, kScenarioJsonLimits);
}

core::Result<nlohmann::json> Resolve(nlohmann::json doc, const std::string& file,
                                     const std::string& base_dir, int depth) {
  if (!doc.is_object() || !doc.contains("extends")) return doc;
  const nlohmann::json& extends = doc["extends"];
  if (!extends.is_string() || extends.get<std::string>().empty()) {
    return Invalid(file + ": /extends: expected the path of a scenario file, relative to this one");
  }
  if (depth >= kMaxExtendsDepth) {
    return Invalid(file + ": /extends: more than " + std::to_string(kMaxExtendsDepth) +
                   " files deep (do they extend each other?)");
  }
  const std::string path = base_dir + "/" + extends.get<std::string>();
  auto text = ReadTextFile(path);
  if (!text.ok()) return Invalid(file + ": /extends: " + text.status().message());
  auto base = ParseJson(*text, path);
  if (!base.ok()) return Invalid(file + ": /extends: " + base.status().message());
  if (!base->is_object())
    return Invalid(file + ": /extends: " + path + " is not a scenario (a JSON object)");
  auto resolved = Resolve(std::move(base).value(), path, DirectoryOf(path), depth + 1);
  if (!resolved.ok()) return resolved.status();
  doc.erase("extends");
  resolved->merge_patch(doc);
  return resolved;
}

}  // namespace

core::Result<ScenarioJson> ReadScenarioJson(std::string_view text, const std::string& file,
                                            const std::string& base_dir) {
  auto doc = ParseJson(text, file);
  if (!doc.ok()) return doc.status();
  const bool extended = doc->is_object() && doc->contains("extends");
  auto resolved = Resolve(std::move(doc).value(), file, base_dir, 0);
  if (!resolved.ok()) return resolved.status();
  return ScenarioJson{std::move(resolved).value(), extended};
}

core::Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Invalid(path + ": cannot read the file (a directory)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Invalid(path + ": cannot read the file: " + std::strerror(errno));
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    if (text.size() + static_cast<size_t>(in.gcount()) > max_bytes) {
      return Invalid(path + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    text.append(chunk, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Invalid(path + ": cannot read the file");
  return text;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace vmsim::sim
