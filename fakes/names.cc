#include "fakes/names.h"

#include <array>

namespace vmsim::fakes {
namespace {

constexpr std::array<std::string_view, 32> kAdjectives = {
    "able",  "active", "amazed", "bold",  "brave", "calm",   "clever", "cool",
    "crisp", "eager",  "fair",   "fine",  "fond",  "glad",   "good",   "grand",
    "happy", "keen",   "kind",   "lucky", "merry", "neat",   "noble",  "polite",
    "proud", "quick",  "ready",  "sharp", "smart", "stable", "sunny",  "witty"};
constexpr std::array<std::string_view, 32> kAnimals = {
    "badger", "bat",    "bear", "bee",   "cat",  "crab",  "crow",  "deer",  "dodo", "eagle", "elk",
    "finch",  "fox",    "frog", "goat",  "hare", "hen",   "ibex",  "koala", "lark", "lemur", "lion",
    "lynx",   "mantis", "mole", "moose", "owl",  "panda", "robin", "snipe", "tuna", "wren"};

}  // namespace

std::string GenerateSystemId(core::Rng& rng) {
  constexpr int64_t kBase = static_cast<int64_t>(kSystemIdAlphabet.size());
  constexpr int64_t kLow = kBase * kBase * kBase * kBase * kBase;  // 24^5
  int64_t n = rng.UniformInt(kLow, kLow * kBase - 1);
  std::string id(6, '?');
  for (int i = 5; i >= 0; --i) {
    id[static_cast<size_t>(i)] = kSystemIdAlphabet[static_cast<size_t>(n % kBase)];
    n /= kBase;
  }
  return id;
}

std::string GeneratePetname(core::Rng& rng) {
  const auto adjective =
      kAdjectives[static_cast<size_t>(rng.UniformInt(0, kAdjectives.size() - 1))];
  const auto animal = kAnimals[static_cast<size_t>(rng.UniformInt(0, kAnimals.size() - 1))];
  return std::string(adjective) + "-" + std::string(animal);
}

}  // namespace vmsim::fakes
