#include "core/oauth.h"

#include <cctype>
#include <cstdio>

namespace vmsim::core {

Result<MaasApiKey> ParseMaasApiKey(std::string_view key) {
  const size_t a = key.find(':');
  const size_t b = a == std::string_view::npos ? a : key.find(':', a + 1);
  if (a == std::string_view::npos || b == std::string_view::npos ||
      key.find(':', b + 1) != std::string_view::npos) {
    return Status(ErrorKind::kPermissionDenied,
                  "invalid API key \"" + std::string(key) +
                      "\"; expected \"<consumer key>:<token key>:<token secret>\"");
  }
  return MaasApiKey{std::string(key.substr(0, a)), std::string(key.substr(a + 1, b - a - 1)),
                    std::string(key.substr(b + 1))};
}

std::string UrlEscape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string UrlUnescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string OAuthPlaintextHeader(const MaasApiKey& key, Timestamp now, std::string_view nonce) {
  const auto param = [](const char* name, std::string_view value) {
    return std::string(name) + "=\"" + UrlEscape(value) + "\"";
  };
  return "OAuth realm=\"\", " + param("oauth_consumer_key", key.consumer_key) + ", " +
         param("oauth_token", key.token_key) + ", " + param("oauth_signature_method", "PLAINTEXT") +
         ", " + param("oauth_signature", "&" + key.token_secret) + ", " +
         param("oauth_timestamp", std::to_string(now.micros() / 1000000)) + ", " +
         param("oauth_nonce", nonce) + ", " + param("oauth_version", "1.0");
}

std::map<std::string, std::string> ParseOAuthHeader(std::string_view header) {
  std::map<std::string, std::string> out;
  if (!header.starts_with("OAuth ")) return out;
  header.remove_prefix(6);
  while (!header.empty()) {
    while (!header.empty() && (header.front() == ' ' || header.front() == ',')) header.remove_prefix(1);
    const size_t eq = header.find('=');
    if (eq == std::string_view::npos) break;
    const std::string name(header.substr(0, eq));
    header.remove_prefix(eq + 1);
    if (header.empty() || header.front() != '"') return {};
    const size_t close = header.find('"', 1);
    if (close == std::string_view::npos) return {};
    out[name] = UrlUnescape(header.substr(1, close - 1));
    header.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace vmsim::core
