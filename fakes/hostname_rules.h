// The rules MAAS applies to a hostname a client sends (compose's and PUT machines/'s
// `hostname`): Django CharField's strip and null-character check, and maascommon's
// validate_hostname, with MAAS's texts (Python's %r quoting included). Lengths count code points,
// as Python does. Input is valid UTF-8 (the form parser guarantees it). Pure; thread-safe.
#ifndef VMSIM_FAKES_HOSTNAME_RULES_H_
#define VMSIM_FAKES_HOSTNAME_RULES_H_

#include <string>
#include <string_view>
#include <vector>

namespace vmsim::fakes {

// Django CharField.to_python: surrounding whitespace removed, as Python's str.strip().
std::string StrippedField(std::string_view value);

// What MAAS says of `hostname` (already stripped), in its order: validate_hostname's first
// complaint ("Hostname is too long.  Maximum allowed is 255 characters.", "Host label cannot
// contain underscore: 'a_b'.", "DNS name contains an empty label.", "Label is too long: '...'.
// Maximum allowed is 63 characters.", "Label cannot start or end with hyphen: '-a'.", "Label
// contains disallowed characters: 'a!b'."), then "Null characters are not allowed." for a NUL.
// Empty when MAAS accepts it.
std::vector<std::string> HostnameErrors(std::string_view hostname);

// Python's repr() of a str: 'text' (or "text" when it holds ' but not "), with \\, \n, \r, \t
// and other unprintable characters escaped.
std::string PythonRepr(std::string_view s);

}  // namespace vmsim::fakes

#endif  // VMSIM_FAKES_HOSTNAME_RULES_H_
