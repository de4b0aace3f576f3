#include "fakes/api_routes.h"

#include <cctype>

#include "core/oauth.h"

namespace vmsim::fakes {
namespace {

// "/a/b/" -> {"", "a", "b", ""}: every piece between slashes, the empty ones included.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    path.remove_prefix(slash + 1);
  }
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsOpName(std::string_view op) {
  if (op.empty() || op.size() > 64) return false;
  for (char c : op) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> ApiCall::Param(std::string_view name) const {
  for (const auto* fields : {&query, &form}) {
    for (const auto& [k, v] : *fields) {
      if (k == name) return v;
    }
  }
  return std::nullopt;
}

std::vector<std::string> ApiCall::Params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto* fields : {&query, &form}) {
    for (const auto& [k, v] : *fields) {
      if (k == name) out.push_back(v);
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> MatchRoute(const std::string& path_template,
                                                             std::string_view path,
                                                             std::string* suffix_op) {
  const auto want = Segments(path_template);
  auto got = Segments(path);
  std::string op;
  // "/vm-hosts/{id}/op-compose" has the segments of "/vm-hosts/{id}/" with "op-compose" last
  // in place of the empty one after the final slash.
  if (!got.empty() && got.back().starts_with("op-") && want.size() == got.size() &&
      want.back().empty()) {
    op = std::string(got.back().substr(3));
    if (!IsOpName(op)) return std::nullopt;
    got.back() = std::string_view();
  }
  if (want.size() != got.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < want.size(); ++i) {
    if (IsParam(want[i])) {
      if (got[i].empty()) return std::nullopt;
      params[std::string(want[i].substr(1, want[i].size() - 2))] = core::UrlUnescape(got[i]);
    } else if (want[i] != got[i]) {
      return std::nullopt;
    }
  }
  if (suffix_op != nullptr) *suffix_op = op;
  return params;
}

std::vector<std::string> RouteParams(const std::string& path_template) {
  std::vector<std::string> out;
  for (auto s : Segments(path_template)) {
    if (IsParam(s)) out.emplace_back(s.substr(1, s.size() - 2));
  }
  return out;
}

}  // namespace vmsim::fakes
