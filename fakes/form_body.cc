#include "fakes/form_body.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/oauth.h"

namespace vmsim::fakes {
namespace {
std::string ValidUtf8(std::string_view s);

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(), [](char p, char c) {
           return p == std::tolower(static_cast<unsigned char>(c));
         });
}

// RFC 4648 base64, whitespace ignored (email-style parts break lines); nullopt when invalid.
std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : in) {
    if (c == ' ' || c == '\r' || c == '\n' || c == '\t') continue;
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad > 0) return std::nullopt;  // data after padding
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (pad > 2) return std::nullopt;
  return out;
}

// One part: its header block, then its content. Answers false when the header never ends.
bool ReadPart(std::string_view part, core::FormData& out) {
  size_t header_end = part.find("\r\n\r\n");
  size_t content_at = header_end + 4;
  if (header_end == std::string_view::npos) {
    header_end = part.find("\n\n");
    content_at = header_end + 2;
  }
  if (header_end == std::string_view::npos) {
    return Trim(part).empty();  // an empty part (e.g. a DELETE's lone delimiter pair) is nothing
  }
  std::optional<std::string> name;
  bool base64 = false;
  std::string_view headers = part.substr(0, header_end);
  while (!headers.empty()) {
    const size_t eol = headers.find('\n');
    const std::string_view line = Trim(headers.substr(0, eol));
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 1);
    if (StartsWithNoCase(line, "content-disposition:")) {
      name = HeaderParameter(line.substr(line.find(':') + 1), "name");
    } else if (StartsWithNoCase(line, "content-transfer-encoding:")) {
      base64 = StartsWithNoCase(Trim(line.substr(line.find(':') + 1)), "base64");
    }
  }
  if (!name) return true;
  std::string value(part.substr(content_at));
  *name = ValidUtf8(*name);
  if (base64) {  // python's email package (python-libmaas, maascli) encodes every part so
    auto decoded = DecodeBase64(value);
    if (!decoded) return false;
    value = std::move(*decoded);
  }
  out.emplace_back(*name, ValidUtf8(value));
  return true;
}

std::optional<core::FormData> ParseMultipart(std::string_view boundary, std::string_view body) {
  const std::string delimiter = "--" + std::string(boundary);
  size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return std::nullopt;
  core::FormData out;
  at += delimiter.size();
  while (true) {
    if (body.substr(at, 2) == "--") return out;  // the close delimiter, whatever follows it
    // The delimiter line ends with CRLF (or LF); the part runs to the CRLF before the next one.
    if (body.substr(at, 2) == "\r\n") {
      at += 2;
    } else if (body.substr(at, 1) == "\n") {
      at += 1;
    } else if (at >= body.size()) {
      return out;  // a body that stops after a delimiter: what came before it stands
    } else {
      return std::nullopt;
    }
    const size_t next = body.find("\n" + delimiter, at);
    if (next == std::string_view::npos) return std::nullopt;
    std::string_view part = body.substr(at, next - at);
    if (!part.empty() && part.back() == '\r') part.remove_suffix(1);
    if (!ReadPart(part, out)) return std::nullopt;
    at = next + 1 + delimiter.size();
  }
}

}  // namespace

namespace {
// Django decodes request parameters as UTF-8 with errors="replace": an invalid sequence becomes
// U+FFFD, so nothing that cannot be rendered as JSON ever reaches the fake.
std::string ValidUtf8(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    if (ok && n > 1) {  // no overlong forms, surrogates or code points past U+10FFFF
      uint32_t cp = c & (0x7f >> n);
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
      ok = !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) &&
           !(cp >= 0xd800 && cp <= 0xdfff) && cp <= 0x10ffff;
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}
}  // namespace

core::FormData ParseUrlEncoded(std::string_view s) {
  core::FormData out = core::ParseUrlEncodedPairs(s);
  for (auto& [k, v] : out) {
    k = ValidUtf8(k);
    v = ValidUtf8(v);
  }
  return out;
}

std::optional<std::string> HeaderParameter(std::string_view value, std::string_view name) {
  while (!value.empty()) {
    const size_t semi = value.find(';');
    std::string_view item = Trim(value.substr(0, semi));
    value = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(Trim(item.substr(0, eq)));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (key != name) continue;
    std::string_view v = Trim(item.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
  }
  return std::nullopt;
}

std::optional<core::FormData> ParseFormBody(std::string_view content_type, std::string_view body) {
  if (body.empty()) return core::FormData{};
  if (StartsWithNoCase(content_type, "application/x-www-form-urlencoded"))
    return ParseUrlEncoded(body);
  if (StartsWithNoCase(content_type, "multipart/form-data")) {
    const auto boundary = HeaderParameter(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
    return ParseMultipart(*boundary, body);
  }
  return core::FormData{};
}

std::optional<std::string> FirstValue(const core::FormData& form, std::string_view name) {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return std::nullopt;
}

}  // namespace vmsim::fakes
