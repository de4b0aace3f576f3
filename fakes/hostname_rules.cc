#include "fakes/hostname_rules.h"

#include <cstdint>
#include <cstdio>

namespace vmsim::fakes {
namespace {

// The code points of valid UTF-8.
std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(c);
    i += static_cast<size_t>(n);
  }
  return out;
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (const char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// Python's str.isspace().
bool IsSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// Python's str.isprintable() for the characters a hostname meets: controls, Latin-1's
// non-printables and separators other than the space are not.
bool IsPrintable(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
  return !(IsSpace(c) && c != ' ') && c != 0x200B && c != 0xFEFF;
}

bool IsLabelChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

std::string Repr(std::u32string_view s) { return PythonRepr(Encode(s)); }

// validate_domain_name's checks, label by label; the first failure.
std::string DomainNameError(std::u32string_view name) {
  size_t start = 0;
  while (true) {
    const size_t dot = name.find(U'.', start);
    const std::u32string_view label =
        name.substr(start, dot == std::u32string_view::npos ? dot : dot - start);
    if (label.empty()) return "DNS name contains an empty label.";
    if (label.size() > 63)
      return "Label is too long: " + Repr(label) + ".  Maximum allowed is 63 characters.";
    if (label.front() == U'-' || label.back() == U'-') {
      return "Label cannot start or end with hyphen: " + Repr(label) + ".";
    }
    // re.match("[a-zA-Z0-9-]*$"): `$` also matches before a final newline.
    size_t n = 0;
    while (n < label.size() && IsLabelChar(label[n])) ++n;
    if (!(n == label.size() || (n + 1 == label.size() && label[n] == U'\n'))) {
      return "Label contains disallowed characters: " + Repr(label) + ".";
    }
    if (dot == std::u32string_view::npos) return "";
    start = dot + 1;
  }
}

}  // namespace

std::string StrippedField(std::string_view value) {
  std::u32string s = Decode(value);
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && IsSpace(s[begin])) ++begin;
  while (end > begin && IsSpace(s[end - 1])) --end;
  return Encode(std::u32string_view(s).substr(begin, end - begin));
}

std::vector<std::string> HostnameErrors(std::string_view hostname) {
  const std::u32string name = Decode(hostname);
  std::vector<std::string> errors;
  const std::u32string_view host_part = std::u32string_view(name).substr(0, name.find(U'.'));
  if (name.size() > 255) {
    errors.emplace_back("Hostname is too long.  Maximum allowed is 255 characters.");
  } else if (host_part.find(U'_') != std::u32string_view::npos) {
    errors.push_back("Host label cannot contain underscore: " + Repr(host_part) + ".");
  } else if (std::string e = DomainNameError(name); !e.empty()) {
    errors.push_back(std::move(e));
  }
  if (hostname.find('\0') != std::string_view::npos)
    errors.emplace_back("Null characters are not allowed.");
  return errors;
}

std::string PythonRepr(std::string_view text) {
  const std::u32string s = Decode(text);
  const char quote =
      s.find(U'\'') != std::u32string::npos && s.find(U'"') == std::u32string::npos ? '"' : '\'';
  std::string out(1, quote);
  for (const char32_t c : s) {
    if (c == static_cast<char32_t>(quote) || c == U'\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == U'\n') {
      out += "\\n";
    } else if (c == U'\r') {
      out += "\\r";
    } else if (c == U'\t') {
      out += "\\t";
    } else if (!IsPrintable(c)) {
      char buf[12];
      if (c <= 0xFF) {
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      } else {
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      }
      out += buf;
    } else {
      out += Encode(std::u32string_view(&c, 1));
    }
  }
  return out + quote;
}

}  // namespace vmsim::fakes
