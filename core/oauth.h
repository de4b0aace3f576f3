// OAuth 1.0a as MAAS uses it (reference section 7): an API key "consumer:token:secret" with an
// empty consumer secret, signed PLAINTEXT. Building the header (client) and checking it
// (the fake's server). Pure functions; thread-safe.
#ifndef VMSIM_CORE_OAUTH_H_
#define VMSIM_CORE_OAUTH_H_

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace vmsim::core {

struct MaasApiKey {
  std::string consumer_key;
  std::string token_key;
  std::string token_secret;
};

// Splits "consumer:token:secret"; kPermissionDenied with gomaasapi's wording otherwise.
Result<MaasApiKey> ParseMaasApiKey(std::string_view key);

// The Authorization header for one request: PLAINTEXT, signature "&<secret>" URL-escaped,
// the timestamp in Unix seconds and the nonce given.
std::string OAuthPlaintextHeader(const MaasApiKey& key, Timestamp now, std::string_view nonce);

// Parses `OAuth k="v", ...` into its parameters (values URL-unescaped); empty on failure.
std::map<std::string, std::string> ParseOAuthHeader(std::string_view header);

std::string UrlEscape(std::string_view s);
std::string UrlUnescape(std::string_view s);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_OAUTH_H_
