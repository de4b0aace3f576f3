// SlotPool: records addressed by slot, with freed slots reused, so that memory follows what is
// live (pending requests, live VMs), not everything a run has seen. An event names a slot only
// while its record is live. Thread-compatible.
#ifndef VMSIM_SIM_ENGINE_SLOT_POOL_H_
#define VMSIM_SIM_ENGINE_SLOT_POOL_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace vmsim::sim {

template <typename T>
class SlotPool {
 public:
  uint64_t Add(T item) {
    if (free_.empty()) {
      items_.push_back(std::move(item));
      live_.push_back(true);
      return items_.size() - 1;
    }
    const uint64_t slot = free_.back();
    free_.pop_back();
    items_[slot] = std::move(item);
    live_[slot] = true;
    return slot;
  }
  T& operator[](uint64_t slot) { return items_[slot]; }
  bool Live(uint64_t slot) const { return slot < live_.size() && live_[slot]; }
  void Release(uint64_t slot) {
    items_[slot] = T();
    live_[slot] = false;
    free_.push_back(slot);
  }
  // Calls f(slot, item) for every live record, in slot order.
  template <typename F>
  void ForEach(F&& f) {
    for (uint64_t i = 0; i < items_.size(); ++i) {
      if (live_[i]) f(i, items_[i]);
    }
  }

 private:
  std::vector<T> items_;
  std::vector<bool> live_;
  std::vector<uint64_t> free_;
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_SLOT_POOL_H_
