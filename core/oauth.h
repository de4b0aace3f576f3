// OAuth 1.0a as MAAS uses it (reference section 7): an API key "consumer:token:secret" with an
// empty consumer secret, signed PLAINTEXT (python-libmaas, maascli, gomaasapi) or HMAC-SHA1
// (spectrocloud's maas-client-go), both of which piston accepts. Building the header (client)
// and checking it (the fake's server). Pure functions; thread-safe.
#ifndef VMSIM_CORE_OAUTH_H_
#define VMSIM_CORE_OAUTH_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// The Authorization header for one request: PLAINTEXT, signature "&" + enc(<secret>) (RFC 5849
// 3.4.4, the consumer secret empty) and encoded again as a header value,
// the timestamp in Unix seconds and the nonce given.
std::string OAuthPlaintextHeader(const MaasApiKey& key, Timestamp now, std::string_view nonce);

enum class OAuthSignatureMethod { kPlaintext, kHmacSha1 };

// Request parameters that an HMAC-SHA1 signature covers (RFC 5849 3.4.1.3): the query's and,
// for a form-urlencoded body, the body's; name-value pairs, decoded, repeats kept.
using OAuthParams = std::vector<std::pair<std::string, std::string>>;

// `a=1&b=x+y&a=2` -> [(a,1), (b,"x y"), (a,2)]: '+' is a space, %XX decoded, pairs without '='
// have an empty value, empty pairs are skipped (as Django's QueryDict reads a query or form).
OAuthParams ParseUrlEncodedPairs(std::string_view s);

// RFC 5849 3.4.1: METHOD&enc(base_uri)&enc(the sorted, encoded parameters). `base_uri` is
// scheme://host[:port]/path, without query. `params` must not hold oauth_signature.
std::string OAuthSignatureBaseString(std::string_view method, std::string_view base_uri,
                                     OAuthParams params);

// base64(HMAC-SHA1(key, data)).
std::string HmacSha1Base64(std::string_view key, std::string_view data);

// The Authorization header for one request signed HMAC-SHA1 with key "&<token secret>", over
// `method`, `base_uri` and `request_params` (see OAuthSignatureBaseString). No realm, as
// maas-client-go sends it.
std::string OAuthHmacSha1Header(const MaasApiKey& key, Timestamp now, std::string_view nonce,
                                std::string_view method, std::string_view base_uri,
                                const OAuthParams& request_params);

// Parses `OAuth k="v", ...` into its parameters, each value percent-decoded once (RFC 5849
// 3.5.1); empty on failure. When `error` is given, a header that is OAuth but malformed (a
// parameter given twice, a value not in quotes) sets it to why.
std::map<std::string, std::string> ParseOAuthHeader(std::string_view header,
                                                    std::string* error = nullptr);

std::string UrlEscape(std::string_view s);
// RFC 3986 percent-encoding (unreserved characters kept); UrlUnescape decodes %XX only
// ('+' stays '+': form decoding turns it into a space first).
std::string UrlUnescape(std::string_view s);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_OAUTH_H_
