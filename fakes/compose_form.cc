#include "fakes/compose_form.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <nlohmann/json.hpp>
#include <optional>

#include "fakes/hostname_rules.h"

namespace vmsim::fakes {
namespace {

constexpr std::string_view kInvalidModelChoice =
    "Select a valid choice. That choice is not one of the available choices.";

// Django QueryDict.get: the last value given for `name`, or nullopt. Empty counts as absent
// (the fields are not required, and MAAS falls back to the default for falsy values).
std::optional<std::string> Field(const core::FormData& form, std::string_view name) {
  std::optional<std::string> value;
  for (const auto& [k, v] : form) {
    if (k == name) value = v;
  }
  if (value && value->empty()) return std::nullopt;
  return value;
}

// Django IntegerField.to_python: surrounding space and a trailing ".0" are accepted.
std::optional<int64_t> ParseDjangoInt(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  s = s.substr(start);
  if (const size_t dot = s.find('.'); dot != std::string::npos) {
    if (s.find_first_not_of('0', dot + 1) != std::string::npos) return std::nullopt;
    s.resize(dot);
  }
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

class Validator {
 public:
  explicit Validator(const core::FormData& form) : form_(form) {}

  // An IntegerField with min and max validators.
  int64_t Integer(const char* name, int64_t min, int64_t max, int64_t fallback) {
    const auto raw = Field(form_, name);
    if (!raw) return fallback;
    const auto v = ParseDjangoInt(*raw);
    if (!v) return Fail(name, "Enter a whole number."), fallback;
    if (*v > max)
      Fail(name, "Ensure this value is less than or equal to " + std::to_string(max) + ".");
    if (*v < min)
      Fail(name, "Ensure this value is greater than or equal to " + std::to_string(min) + ".");
    return *v == 0 ? fallback : *v;
  }

  // A ModelChoiceField by primary key.
  int64_t ModelId(const char* name, const std::function<bool(int64_t)>& exists, int64_t fallback) {
    const auto raw = Field(form_, name);
    if (!raw) return fallback;
    const auto v = ParseDjangoInt(*raw);
    if (!v || !exists(*v)) return Fail(name, std::string(kInvalidModelChoice)), fallback;
    return *v;
  }

  void Fail(const std::string& field, std::string message) {
    errors_[field].push_back(std::move(message));
  }
  const core::FormData& form() const { return form_; }
  bool ok() const { return errors_.empty(); }
  core::MaasError Error() const { return {400, errors_.dump(), true, std::nullopt}; }

 private:
  const core::FormData& form_;
  nlohmann::json errors_ = nlohmann::json::object();
};

// The hostname as the form cleans it: stripped, checked for a duplicate, then by
// validate_hostname and the null-character check (all messages kept, as Django runs every
// validator). Empty: MAAS draws a petname.
std::string CleanHostname(Validator& v, const std::string& raw, const ComposeFormContext& c) {
  const std::string hostname = StrippedField(raw);
  if (hostname.empty()) return "";
  if (c.hostname_taken(hostname))
    v.Fail("hostname", "Node with hostname \"" + hostname + "\" already exists");
  for (auto& e : HostnameErrors(hostname)) v.Fail("hostname", std::move(e));
  return hostname;
}

// TypedMultipleChoiceField(coerce=int): every value must be one of "0" .. "max-1"; the first
// that is not is the error.
std::vector<int64_t> PinnedCores(Validator& v, int64_t max_cores) {
  std::vector<int64_t> pinned;
  for (const auto& [k, value] : v.form()) {
    if (k != "pinned_cores") continue;
    const auto n = ParseDjangoInt(value);
    if (!n || std::to_string(*n) != value || *n < 0 || *n >= max_cores) {
      v.Fail("pinned_cores",
             "Select a valid choice. " + value + " is not one of the available choices.");
      return {};
    }
    pinned.push_back(*n);
  }
  std::sort(pinned.begin(), pinned.end());
  return pinned;
}

// Django BooleanField: absent, empty, "false" and "0" (any case) are false; anything else true.
bool DjangoBool(const core::FormData& form, std::string_view name) {
  const auto value = Field(form, name);
  if (!value) return false;
  std::string lower = *value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return lower != "false" && lower != "0";
}

}  // namespace

core::MaasResult<ComposeRequest> ValidateComposeForm(const core::FormData& form,
                                                     const ComposeFormContext& c) {
  Validator v(form);
  ComposeRequest r;
  r.cores = v.Integer("cores", 1, c.max_cores, kDefaultComposedCores);
  r.pinned_cores = PinnedCores(v, c.max_cores);
  r.memory = v.Integer("memory", kMinComposedMemory, c.max_memory, kDefaultComposedMemory);
  r.hugepages_backed = DjangoBool(form, "hugepages_backed");

  r.architecture = c.architectures.empty() ? "" : c.architectures.front();
  if (const auto arch = Field(form, "architecture")) {
    if (std::find(c.architectures.begin(), c.architectures.end(), *arch) == c.architectures.end()) {
      v.Fail("architecture",
             "Select a valid choice. " + *arch + " is not one of the available choices.");
    } else {
      r.architecture = *arch;
    }
  }
  if (Field(form, "cpu_speed")) {
    const int64_t speed =
        v.Integer("cpu_speed", 300, c.max_cpu_speed > 0 ? c.max_cpu_speed : INT64_MAX, 0);
    if (speed > 0) r.cpu_speed = speed;
  }

  if (const auto hostname = Field(form, "hostname")) r.hostname = CleanHostname(v, *hostname, c);
  r.zone_id = v.ModelId("zone", c.zone_exists, c.default_zone_id);
  r.pool_id = v.ModelId("pool", c.pool_exists, c.host_pool_id);
  v.ModelId(
      "domain", [](int64_t id) { return id == 0; }, 0);  // only the default domain

  auto disks = core::ParseStorageConstraint(
      Field(form, "storage").value_or(std::string(core::kDefaultStorageConstraint)));
  if (disks.ok()) {
    r.disks = std::move(disks).value();
  } else {
    v.Fail("storage", disks.status().message());
  }

  if (const auto interfaces = Field(form, "interfaces")) {
    auto parsed = core::ParseInterfacesConstraint(*interfaces);
    if (parsed.ok()) {
      r.interfaces = std::move(parsed).value();
    } else {
      v.Fail("interfaces", parsed.status().message());
    }
  }
  r.skip_commissioning = DjangoBool(form, "skip_commissioning");
  if (!v.ok()) return v.Error();

  // Node.clean_hostname_domain, when the machine is saved: "name.domain" names a domain, and
  // only the default one ("maas") exists here.
  if (const size_t dot = r.hostname.find('.'); dot != std::string::npos) {
    if (r.hostname.substr(dot + 1) != "maas") {
      v.Fail("hostname", "Nonexistant domain.");
      return v.Error();
    }
    r.hostname.resize(dot);
  }
  return r;
}

}  // namespace vmsim::fakes
