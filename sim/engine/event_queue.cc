#include "sim/engine/event_queue.h"

#include <cassert>

namespace vmsim::sim {

uint64_t EventQueue::Push(core::Timestamp time, EventPayload payload) {
  assert(time >= last_popped_ && "an event may not be scheduled before the current time");
  const uint64_t seq = next_seq_++;
  heap_.push_back(Event{time, seq, payload});
  SiftUp(heap_.size() - 1);
  return seq;
}

const Event& EventQueue::Top() const {
  assert(!heap_.empty());
  return heap_.front();
}

Event EventQueue::Pop() {
  assert(!heap_.empty());
  Event top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) SiftDown(0);
  last_popped_ = top.time;
  return top;
}

void EventQueue::SiftUp(size_t i) {
  // Move the element up through a hole rather than swapping at every level.
  Event moving = heap_[i];
  while (i > 0) {
    const size_t parent = (i - 1) / 2;
    if (!Before(moving, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = moving;
}

void EventQueue::SiftDown(size_t i) {
  const size_t n = heap_.size();
  Event moving = heap_[i];
  while (true) {
    size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && Before(heap_[child + 1], heap_[child])) ++child;
    if (!Before(heap_[child], moving)) break;
    heap_[i] = heap_[child];
    i = child;
  }
  heap_[i] = moving;
}

}  // namespace vmsim::sim
