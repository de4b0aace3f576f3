// FakeMaas: tags, as MAAS 3.7's api/tags.py answers them: create, list, read, the nodes
// a tag is on (update_nodes), and a tag's machines.
#include "fakes/fake_maas.h"
#include "fakes/fake_maas_records.h"
#include "fakes/fake_maas_text.h"
#include "fakes/form_body.h"

namespace vmsim::fakes {

using core::MaasError;

core::MaasResult<FakeTag> FakeMaas::CreateTag(const core::FormData& form) {
  const auto name = FirstValue(form, "name");
  if (!name || name->empty()) return FieldError("name", "This field is required.");
  if (name->size() > 256 ||
      name->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string::npos) {
    return FieldError("name", "Enter a valid value.");
  }
  if (tags_.contains(*name)) return FieldError("name", "Tag with this Name already exists.");
  FakeTag t{*name, FirstValue(form, "comment").value_or(""),
            FirstValue(form, "definition").value_or(""),
            FirstValue(form, "kernel_opts").value_or("")};
  tags_[*name] = t;
  return t;
}

std::vector<FakeTag> FakeMaas::Tags() const {
  std::vector<FakeTag> out;
  for (const auto& [name, t] : tags_) out.push_back(t);
  return out;
}

core::MaasResult<FakeTag> FakeMaas::GetTag(const std::string& name) const {
  const auto it = tags_.find(name);
  if (it == tags_.end()) return TextError(404, "No Tag matches the given query.");
  return it->second;
}

core::MaasResult<std::pair<int64_t, int64_t>> FakeMaas::UpdateTagNodes(
    const std::string& name, const std::vector<std::string>& add,
    const std::vector<std::string>& remove) {
  Settle();
  if (!tags_.contains(name)) return TextError(404, "No Tag matches the given query.");
  int64_t added = 0, removed = 0;
  for (const auto& id : std::set<std::string>(add.begin(), add.end())) {
    if (MachineRecord* m = FindMachine(id)) {
      if (std::find(m->tags.begin(), m->tags.end(), name) == m->tags.end()) m->tags.push_back(name);
      ++added;
    }
  }
  for (const auto& id : std::set<std::string>(remove.begin(), remove.end())) {
    if (MachineRecord* m = FindMachine(id)) {
      std::erase(m->tags, name);
      ++removed;
    }
  }
  return std::pair{added, removed};
}

core::MaasResult<std::vector<core::Machine>> FakeMaas::TagMachines(const std::string& name) {
  Settle();
  if (!tags_.contains(name)) return TextError(404, "No Tag matches the given query.");
  std::vector<core::Machine> out;
  for (const auto& [sid, m] : machines_) {
    if (std::find(m->tags.begin(), m->tags.end(), name) != m->tags.end())
      out.push_back(ToMachine(*m));
  }
  return out;
}

}  // namespace vmsim::fakes
