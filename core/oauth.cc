#include "core/oauth.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
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
      const auto hex = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10;
      };
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
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
         ", " + param("oauth_signature", "&" + UrlEscape(key.token_secret)) + ", " +
         param("oauth_timestamp", std::to_string(now.micros() / 1000000)) + ", " +
         param("oauth_nonce", nonce) + ", " + param("oauth_version", "1.0");
}

OAuthParams ParseUrlEncodedPairs(std::string_view s) {
  OAuthParams out;
  const auto decode = [](std::string_view v) {
    std::string plus(v);
    std::replace(plus.begin(), plus.end(), '+', ' ');
    return UrlUnescape(plus);
  };
  while (!s.empty()) {
    const size_t amp = s.find('&');
    const std::string_view pair = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    out.emplace_back(decode(pair.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1)));
  }
  return out;
}

std::string OAuthSignatureBaseString(std::string_view method, std::string_view base_uri,
                                     OAuthParams params) {
  for (auto& [k, v] : params) {
    k = UrlEscape(k);
    v = UrlEscape(v);
  }
  std::sort(params.begin(), params.end());
  std::string normalized;
  for (const auto& [k, v] : params) normalized += (normalized.empty() ? "" : "&") + k + "=" + v;
  return std::string(method) + "&" + UrlEscape(base_uri) + "&" + UrlEscape(normalized);
}

std::string HmacSha1Base64(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &mac_len);
  unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(out, mac, static_cast<int>(mac_len));
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

std::string OAuthHmacSha1Header(const MaasApiKey& key, Timestamp now, std::string_view nonce,
                                std::string_view method, std::string_view base_uri,
                                const OAuthParams& request_params) {
  OAuthParams oauth = {{"oauth_consumer_key", key.consumer_key},
                       {"oauth_nonce", std::string(nonce)},
                       {"oauth_signature_method", "HMAC-SHA1"},
                       {"oauth_timestamp", std::to_string(now.micros() / 1000000)},
                       {"oauth_token", key.token_key},
                       {"oauth_version", "1.0"}};
  OAuthParams all = request_params;
  all.insert(all.end(), oauth.begin(), oauth.end());
  const std::string signature = HmacSha1Base64("&" + UrlEscape(key.token_secret),
                                               OAuthSignatureBaseString(method, base_uri, all));
  oauth.emplace_back("oauth_signature", signature);
  std::string header = "OAuth ";
  for (size_t i = 0; i < oauth.size(); ++i) {
    header += (i ? ", " : "") + oauth[i].first + "=\"" + UrlEscape(oauth[i].second) + "\"";
  }
  return header;
}

std::map<std::string, std::string> ParseOAuthHeader(std::string_view header, std::string* error) {
  std::map<std::string, std::string> out;
  const auto malformed = [error](std::string why) {
    if (error != nullptr) *error = std::move(why);
    return std::map<std::string, std::string>();
  };
  if (!header.starts_with("OAuth ")) return out;
  header.remove_prefix(6);
  while (!header.empty()) {
    while (!header.empty() && (header.front() == ' ' || header.front() == ','))
      header.remove_prefix(1);
    const size_t eq = header.find('=');
    if (eq == std::string_view::npos) break;
    const std::string name(header.substr(0, eq));
    header.remove_prefix(eq + 1);
    if (header.empty() || header.front() != '"')
      return malformed("the value of " + name + " is not quoted");
    const size_t close = header.find('"', 1);
    if (close == std::string_view::npos)
      return malformed("the value of " + name + " is not closed");
    if (!out.emplace(name, UrlUnescape(header.substr(1, close - 1))).second) {
      return malformed("the OAuth parameter " + name + " is given twice");
    }
    header.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace vmsim::core
