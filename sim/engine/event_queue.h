// The simulator's agenda: events ordered by (time, sequence number), so that events at the
// same simulated time come out in the order they were pushed (FIFO, by contract; see
// ARCHITECTURE.md rule 3). Events are plain integers the simulator interprets: no callbacks,
// no allocation per event beyond the queue's own vector. Value type; thread-compatible.
#ifndef VMSIM_SIM_ENGINE_EVENT_QUEUE_H_
#define VMSIM_SIM_ENGINE_EVENT_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/time.h"

namespace vmsim::sim {

// What happens, as the simulator encodes it: `type` says which handler runs, `a` and `b` are
// its arguments (e.g. a workload index and a VM index).
struct EventPayload {
  uint32_t type = 0;
  uint64_t a = 0;
  uint64_t b = 0;

  friend bool operator==(const EventPayload&, const EventPayload&) = default;
};

// An event in the queue: when, its tie-breaking sequence number, and what.
struct Event {
  core::Timestamp time;
  uint64_t seq = 0;
  EventPayload payload;

  friend bool operator==(const Event&, const Event&) = default;
};

// A min-priority queue of events on a binary heap with its own sift functions, so the order
// depends only on (time, seq), never on a standard library's heap internals. Since seq is
// unique, (time, seq) is a total order and the pop order is fully determined.
class EventQueue {
 public:
  EventQueue() = default;

  // Adds an event at `time` and returns its sequence number: 0 for the first push, then
  // increasing by one per push over the queue's lifetime. Of two events at the same time,
  // the one pushed first (smaller seq) is popped first.
  // REQUIRES: `time` is not before the time of the last popped event (time never runs
  // backwards); any time is allowed before the first pop.
  uint64_t Push(core::Timestamp time, EventPayload payload);

  // Returns true iff no event is queued.
  bool Empty() const { return heap_.empty(); }

  // Returns the number of queued events.
  size_t Size() const { return heap_.size(); }

  // Returns the event Pop() would return, without removing it. The reference is valid until
  // the next Push or Pop. REQUIRES: !Empty().
  const Event& Top() const;

  // Removes and returns the event with the smallest (time, seq). REQUIRES: !Empty().
  Event Pop();

  // Reserves room for `n` queued events, so that pushes up to that size do not reallocate.
  void Reserve(size_t n) { heap_.reserve(n); }

 private:
  // Returns true iff `x` must be popped before `y`.
  static bool Before(const Event& x, const Event& y) {
    return x.time != y.time ? x.time < y.time : x.seq < y.seq;
  }
  // Restore the heap property for the element at index `i`, moving it up or down.
  void SiftUp(size_t i);
  void SiftDown(size_t i);

  std::vector<Event> heap_;  // heap_[0] is the next event; children of i are 2i+1 and 2i+2
  uint64_t next_seq_ = 0;
  core::Timestamp last_popped_ = core::Timestamp::FromMicros(INT64_MIN);
};

}  // namespace vmsim::sim

#endif  // VMSIM_SIM_ENGINE_EVENT_QUEUE_H_
