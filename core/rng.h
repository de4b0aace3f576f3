// The randomness seam: one seed, forked into named substreams, so that a draw added in one
// consumer never shifts another's sequence. The engine (xoshiro256**, seeded through
// splitmix64) and every transformation here are our own code: the same seed gives the same
// numbers with any compiler or standard library. Thread-compatible; fork one per consumer.
#ifndef VMSIM_CORE_RNG_H_
#define VMSIM_CORE_RNG_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace vmsim::core {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // Returns an independent stream named `name`, derived from this stream's seed (not from
  // its current position): Fork("x") gives the same stream however much this one was used.
  Rng Fork(std::string_view name) const;

  // The next 64 raw bits.
  uint64_t NextU64();
  // Uniform in [0, 1), with 53 bits of precision.
  double Uniform01();
  // Uniform integer in [lo, hi]; unbiased (rejection sampling). REQUIRES: lo <= hi.
  int64_t UniformInt(int64_t lo, int64_t hi);

  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
  std::array<uint64_t, 4> s_;
};

// 64-bit FNV-1a: a stable hash for names and content digests (not cryptographic).
uint64_t Fnv1a64(std::string_view data, uint64_t basis = 14695981039346656037ULL);

}  // namespace vmsim::core

#endif  // VMSIM_CORE_RNG_H_
