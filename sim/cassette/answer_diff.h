// AnswerDiff: compares what a recorded MAAS answered with what a fake answers to the same
// request, field by field, across a whole replay. Identifiers each side draws for itself
// (system_ids, petname hostnames, fqdns, node and interface ids, MAC addresses) cannot agree, so
// the first time a recorded identifier meets its replayed counterpart the pair is learned, and
// from then on the recorded value must map to that counterpart, in answers, in texts (as a
// substring) and in later requests (Rewrite). A value a client sent is the client's choice,
// never learned: a hostname asked for must come back as asked. Thread-compatible.
#ifndef VMSIM_SIM_CASSETTE_ANSWER_DIFF_H_
#define VMSIM_SIM_CASSETTE_ANSWER_DIFF_H_

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/maas_api.h"

namespace vmsim::sim {

struct FieldDifference {
  std::string where;  // a JSON pointer into the answer ("" for the whole text)
  std::string recorded;
  std::string replayed;
};

class AnswerDiff {
 public:
  // `ignored`: keys never compared (times and other values that differ between runs).
  explicit AnswerDiff(std::set<std::string> ignored);

  // Identifiers known to correspond before any answer is seen (e.g. the VM hosts' ids).
  void Learn(const std::string& key, const std::string& recorded, const std::string& replayed);
  // The client chose these values (form fields, query values, path segments): never learned.
  void NoteRequested(const std::string& value) { requested_.insert(value); }

  // Differences between two JSON answers; learns identifiers on the way.
  std::vector<FieldDifference> Json(const nlohmann::json& recorded, const nlohmann::json& replayed);
  // Differences between two texts, after mapping the learned identifiers in `recorded`.
  std::vector<FieldDifference> Text(const std::string& recorded, const std::string& replayed) const;

  // A recorded request's path, with learned ids ("/machines/abc123/" -> "/machines/xyz789/",
  // "/vm-hosts/7/" -> "/vm-hosts/1/"), and its form values.
  std::string RewritePath(const std::string& path) const;
  core::FormData RewriteForm(core::FormData form) const;

 private:
  void Compare(const nlohmann::json& recorded, const nlohmann::json& replayed,
               const std::string& key, const std::string& pointer,
               std::vector<FieldDifference>& out);
  // `id_key`: the identifier's key, qualified by its parent's for an "id" ("interface_set/id").
  void CompareIdentifier(const std::string& id_key, const nlohmann::json& recorded,
                         const nlohmann::json& replayed, const std::string& pointer,
                         std::vector<FieldDifference>& out);
  // A recorded string with every learned identifier in it mapped.
  std::string Mapped(const std::string& recorded) const;
  std::string MappedValue(const std::string& key, const std::string& recorded) const;

  std::set<std::string> ignored_;
  std::map<std::string, std::map<std::string, std::string>>
      learned_;                                                  // key -> recorded -> replayed
  std::vector<std::pair<std::string, std::string>> substrings_;  // identifiers found in texts
  std::set<std::string> requested_;
};

// Keys whose values identify a record rather than describe it.
bool IsIdentifierKey(const std::string& key);
// The default `ignored` keys: timestamps.
std::set<std::string> DefaultIgnoredKeys();

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_CASSETTE_ANSWER_DIFF_H_
