// Request bodies as Django reads them for MAAS: form-urlencoded and multipart in the forms real
// clients send (python-libmaas closes without a final CRLF, maascli sends a lone part on DELETE),
// file parts, repeated fields, and the malformed bodies Django refuses.
#include "fakes/form_body.h"

#include <gtest/gtest.h>

namespace vmsim::fakes {
namespace {

using core::FormData;

TEST(FormBody, UrlEncodedDecodesPlusPercentAndKeepsRepeatsInOrder) {
  EXPECT_EQ(ParseUrlEncoded("a=1&b=x+y%2B&a=2&&flag"),
            (FormData{{"a", "1"}, {"b", "x y+"}, {"a", "2"}, {"flag", ""}}));
  EXPECT_EQ(*ParseFormBody("application/x-www-form-urlencoded; charset=utf-8", "cores=3"),
            (FormData{{"cores", "3"}}));
}

TEST(FormBody, MultipartWithAndWithoutTheFinalCrlfGivesTheSameFields) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"cores\"\r\n\r\n3\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"pinned_cores\"\r\n\r\n0\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"pinned_cores\"\r\n\r\n1\r\n--XyZ--";
  const FormData want = {{"cores", "3"}, {"pinned_cores", "0"}, {"pinned_cores", "1"}};
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=XyZ", body), want);
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=\"XyZ\"", body + "\r\n"), want);
}

TEST(FormBody, MultipartFilePartsAreFieldsAndValuesKeepTheirBytes) {
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"user_data\"; filename=\"u\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n#!/bin/sh\r\necho hi\r\n--b--\r\n";
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=b", body),
            (FormData{{"user_data", "#!/bin/sh\r\necho hi"}}));
}

TEST(FormBody, MultipartEmptyPartsAndPartsWithoutANameAreSkipped) {
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=b", "--b\r\n\r\n--b--\r\n"), FormData{});
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=b", "--b--\r\n"), FormData{});
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=b",
                           "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\n"
                           "Content-Disposition: form-data; name=\"erase\"\r\n\r\n\r\n--b--"),
            (FormData{{"erase", ""}}));
}

TEST(FormBody, Base64PartsAreDecodedAsPythonsEmailPackageSendsThem) {
  // python-libmaas's form: quoted boundary, base64 parts, a CRLF inside each part, no final CRLF.
  const std::string body =
      "--===============82==\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: "
      "form-data; name=\"cores\"\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n\r\nMg==\r\n\r\n"
      "--===============82==\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: "
      "form-data; name=\"hostname\"\r\n"
      "\r\nbGlibWFhcy12bS0x\r\n\r\n--===============82==--";
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=\"===============82==\"", body),
            (FormData{{"cores", "2"}, {"hostname", "libmaas-vm-1"}}));
  EXPECT_FALSE(ParseFormBody("multipart/form-data; boundary=b",
                             "--b\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: "
                             "form-data; name=\"a\"\r\n\r\n!!\r\n--b--")
                   .has_value());
}

TEST(FormBody, MalformedMultipartIsRefused) {
  EXPECT_FALSE(ParseFormBody("multipart/form-data", "--b\r\n\r\n--b--").has_value())
      << "no boundary";
  EXPECT_FALSE(ParseFormBody("multipart/form-data; boundary=b", "no delimiter").has_value());
  EXPECT_FALSE(ParseFormBody("multipart/form-data; boundary=b",
                             "--b\r\nContent-Disposition: form-data; name=\"a\"")
                   .has_value())
      << "a part that never ends";
}

TEST(FormBody, EmptyBodiesAndNonFormTypesCarryNoFields) {
  EXPECT_EQ(*ParseFormBody("", ""), FormData{});
  EXPECT_EQ(*ParseFormBody("multipart/form-data; boundary=b", ""), FormData{});
  EXPECT_EQ(*ParseFormBody("application/json", "{\"cores\": 3}"), FormData{});
}

TEST(FormBody, InvalidUtf8BecomesTheReplacementCharacterAsDjangoDecodesIt) {
  EXPECT_EQ(ParseUrlEncoded("hostname=x%FFy&ok=%C3%A9"),
            (FormData{{"hostname", "x\xef\xbf\xbdy"}, {"ok", "\xc3\xa9"}}));
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(ParseUrlEncoded("a=%C0%80%ED%A0%80"),
            (FormData{{"a", fffd + fffd + fffd + fffd + fffd}}))
      << "an overlong NUL and a surrogate, byte by byte";
  EXPECT_EQ(
      *ParseFormBody("multipart/form-data; boundary=b",
                     "--b\r\nContent-Disposition: form-data; name=\"h\"\r\n\r\n\xfe\r\n--b--"),
      (FormData{{"h", "\xef\xbf\xbd"}}));
}

TEST(FormBody, HeaderParametersAreCaseInsensitiveAndUnquoted) {
  EXPECT_EQ(HeaderParameter("multipart/form-data; Boundary=\"a b\"", "boundary"), "a b");
  EXPECT_EQ(HeaderParameter("form-data; filename=\"x\"; name=\"y\"", "name"), "y");
  EXPECT_EQ(HeaderParameter("text/plain", "charset"), std::nullopt);
}

}  // namespace
}  // namespace vmsim::fakes
