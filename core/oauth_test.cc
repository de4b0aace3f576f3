// OAuth 1.0a as MAAS takes it: API keys, PLAINTEXT headers, and HMAC-SHA1 signatures over RFC
// 5849's signature base string (pinned on the RFC's own worked example, section 1.2).
#include "core/oauth.h"

#include <gtest/gtest.h>

namespace vmsim::core {
namespace {

TEST(OAuth, ApiKeySplitsIntoThreePartsOrIsRefusedInGomaasapisWords) {
  auto k = ParseMaasApiKey("ck:tk:secret");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->consumer_key, "ck");
  EXPECT_EQ(k->token_key, "tk");
  EXPECT_EQ(k->token_secret, "secret");
  EXPECT_FALSE(ParseMaasApiKey("ck:tk").ok());
  EXPECT_FALSE(ParseMaasApiKey("a:b:c:d").ok());
}

TEST(OAuth, SignatureBaseStringAndHmacSha1MatchRfc5849Example) {
  const OAuthParams params = {{"size", "original"},
                              {"file", "vacation.jpg"},
                              {"oauth_consumer_key", "dpf43f3p2l4k3l03"},
                              {"oauth_token", "nnch734d00sl2jdk"},
                              {"oauth_signature_method", "HMAC-SHA1"},
                              {"oauth_timestamp", "137131202"},
                              {"oauth_nonce", "chapoH"}};
  const std::string base =
      OAuthSignatureBaseString("GET", "http://photos.example.net/photos", params);
  EXPECT_EQ(
      base,
      "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3D"
      "dpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_"
      "timestamp"
      "%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal");
  EXPECT_EQ(HmacSha1Base64("kd94hf93k423kf44&pfkkdhi9sl3r4s00", base),
            "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
}

TEST(OAuth, RepeatedAndReservedParametersAreEncodedThenSorted) {
  const std::string base =
      OAuthSignatureBaseString("POST", "http://h/p", {{"b", "2 2"}, {"a", "z"}, {"a", "y&"}});
  EXPECT_EQ(base, "POST&http%3A%2F%2Fh%2Fp&a%3Dy%2526%26a%3Dz%26b%3D2%25202");
}

TEST(OAuth, HmacHeaderParsesBackAndItsSignatureVerifies) {
  const MaasApiKey key{"ck", "tk", "s3cret"};
  const std::string header =
      OAuthHmacSha1Header(key, Timestamp::FromMicros(1700000000000000), "n1", "GET",
                          "http://h:5240/MAAS/api/2.0/machines/", {{"hostname", "a b"}});
  auto p = ParseOAuthHeader(header);
  EXPECT_EQ(p["oauth_signature_method"], "HMAC-SHA1");
  EXPECT_EQ(p["oauth_timestamp"], "1700000000");
  EXPECT_FALSE(p.contains("realm"));
  OAuthParams signed_params = {{"hostname", "a b"}};
  for (const auto& [k, v] : p) {
    if (k != "oauth_signature") signed_params.emplace_back(k, v);
  }
  EXPECT_EQ(
      p["oauth_signature"],
      HmacSha1Base64("&s3cret", OAuthSignatureBaseString(
                                    "GET", "http://h:5240/MAAS/api/2.0/machines/", signed_params)));
}

TEST(OAuth, PlaintextHeaderCarriesTheEscapedSecretAndParsesBack) {
  const std::string header =
      OAuthPlaintextHeader({"ck", "tk", "s"}, Timestamp::FromMicros(5000000), "abc");
  EXPECT_NE(header.find("oauth_signature=\"%26s\""), std::string::npos);
  auto p = ParseOAuthHeader(header);
  EXPECT_EQ(p["oauth_signature"], "&s");
  EXPECT_EQ(p["oauth_timestamp"], "5");
}

TEST(OAuth, UnescapeDecodesPercentOnlyAndLeavesPlusAndBrokenEscapes) {
  EXPECT_EQ(UrlUnescape("a%2Bb+c%2"), "a+b+c%2");
  EXPECT_EQ(UrlUnescape("%e2%82%ac"), "\xe2\x82\xac");
  EXPECT_EQ(UrlEscape("a b&~"), "a%20b%26~");
}

}  // namespace
}  // namespace vmsim::core
